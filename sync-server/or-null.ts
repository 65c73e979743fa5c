/** What `read` gives, or null if it throws: bytes and text from clients fail to decode as a matter of course, not as errors. */
export function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
