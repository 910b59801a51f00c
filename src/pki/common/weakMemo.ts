/**
 * `fn` remembered per argument object, weakly: verification asks the same certificate or CRL
 * object the same question many times, and an answer lives only as long as its object.
 */
export function weakMemo<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = fn(key);
    known.set(key, value);
    return value;
  };
}
