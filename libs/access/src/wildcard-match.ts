const cache = new Map<string, RegExp>();

/**
 * IAM wildcard matching: `*` is any run of characters (including `/`), `?` exactly one character,
 * everything else literal. Actions compare case-insensitively, resources case-sensitively.
 */
export function wildcardMatch(pattern: string, value: string, options: { ignoreCase: boolean }): boolean {
  const key = `${options.ignoreCase ? 'i' : 's'}:${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const body = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, options.ignoreCase ? 'is' : 's');
    cache.set(key, regex);
  }
  return regex.test(value);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
