/**
 * A cache of computed values for batch work (the same day, zone or answer asked for every row of
 * a batch), started afresh when it holds `limit` entries: the values are cheap enough to compute
 * again, the point is not to compute them once per row.
 */
export function memo<K, V>(limit: number): (key: K, compute: () => V) => V {
  const values = new Map<K, V>();
  return (key, compute) => {
    if (values.has(key)) return values.get(key)!;
    if (values.size >= limit) values.clear();
    const value = compute();
    values.set(key, value);
    return value;
  };
}
