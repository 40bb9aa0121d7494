# fpmlint in a minimal image: one static (musl) binary on scratch.
#
#   docker build -t fpmlint .
#   docker run --rm -v "$PWD:/src:ro" fpmlint .            # lint the current directory
#   docker run --rm -v /etc:/host/etc:ro fpmlint /host     # a server's /etc, as a sysroot
#
# The build stage is Alpine, whose Rust targets musl: the binary is static.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev gcc
WORKDIR /build
COPY . .
RUN cargo build --release --locked \
    && cp target/release/fpmlint /fpmlint \
    && /fpmlint --version

FROM scratch
COPY --from=build /fpmlint /usr/local/bin/fpmlint
COPY LICENSE-MIT LICENSE-APACHE /usr/share/doc/fpmlint/
# No shell, no files to read but the mounted ones; nobody's ids.
USER 65534:65534
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/fpmlint"]
