/**
 * Parses the small YAML subset that compose.yaml uses (block mappings, block sequences of
 * scalars, flow sequences written as JSON, plain or quoted scalars, # comments), so that the
 * deployment test reads the file's structure without a YAML dependency. Anything outside the
 * subset throws instead of being guessed at.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const text = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    if (text.trim()) lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  let pos = 0;

  const fail = (line: Line, why: string): never => {
    throw new Error(`line ${line.number}: ${why}: ${line.text}`);
  };

  const scalar = (text: string): YamlValue => {
    if (text.startsWith("[") || text.startsWith('"')) return JSON.parse(text) as YamlValue;
    if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
    return text;
  };

  const block = (indent: number): YamlValue => {
    if (lines[pos].text.startsWith("- ")) {
      const items: YamlValue[] = [];
      while (pos < lines.length && lines[pos].indent === indent && lines[pos].text.startsWith("- ")) {
        items.push(scalar(lines[pos].text.slice(2).trim()));
        pos += 1;
      }
      return items;
    }
    const map: { [key: string]: YamlValue } = {};
    while (pos < lines.length && lines[pos].indent === indent) {
      const line = lines[pos];
      const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.text);
      if (!m) fail(line, "expected `key: value`");
      const [, key, value] = m as RegExpExecArray;
      if (key in map) fail(line, `duplicate key ${key}`);
      pos += 1;
      if (value !== undefined) map[key] = scalar(value);
      else if (pos < lines.length && lines[pos].indent > indent) map[key] = block(lines[pos].indent);
      else map[key] = null;
    }
    if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos], "unexpected indentation");
    return map;
  };

  const doc = lines.length ? block(lines[0].indent) : null;
  if (pos < lines.length) fail(lines[pos], "unexpected indentation");
  return doc;
}
