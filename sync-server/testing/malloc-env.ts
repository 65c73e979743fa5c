/**
 * The glibc malloc setting our launchers start the server with: allocations of 96 KiB or more get their own mapping,
 * returned when freed (an idle connection 10.4–12.7 KB of RSS instead of 19.4–23.2; churn leaves 7.4–7.6 MB instead of
 * 12.8–14.4, bench/server). glibc reads it at process start, so the server never reads it itself: it is here for
 * malloc-env.test.ts, which checks that every launcher we ship sets it, and for the bench, which launches as they do.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(96 * 1024) } as const;
