fn main() {
    tune_allocator();
    std::process::exit(fpmlint::cli::main());
}

/// glibc's allocator grows (and trims back) its heaps by 128 KiB at a time: on a
/// large tree, read and parsed on both cores, that is thousands of `brk` and
/// `mprotect` calls. A larger step (4 MiB) makes them few. Pages are still taken
/// only when first written; freed ones at the top of a heap stay while under the
/// step, so a larger one raises the peak (64 MiB: 3 MB more on a 20 MB file, no
/// faster at 1,000 or 5,000 sites; README "Performance"). Setting the step also
/// fixes glibc's mmap threshold at its default instead of letting it grow.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets a parameter of glibc's allocator, before any
    // other thread exists; a refusal (0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
