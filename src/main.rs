fn main() {
    std::process::exit(fpmlint::cli::main());
}
