import { Lexer, Parser, type CST } from 'yaml';

/**
 * The CST tokens of a YAML text, read once, or the offset of the first token nested deeper than `maxDepth`. The yaml
 * library's document composer recurses once per level and overflows the call stack on deep nesting (`- - - - …`), so
 * the text is checked before anything is composed. The CST parser keeps an explicit stack, which this reads token by
 * token, stopping as soon as it grows too deep (before the parser has to unwind it). The tokens are what the
 * library's own parse functions hand their composer (Parser#parse), so composing them (yamlDocuments) gives the same
 * documents without lexing and parsing the text a second time. `onNewLine` is a LineCounter's addNewLine.
 */
export function readYamlTokens(text: string, maxDepth: number, onNewLine?: (offset: number) => void): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(onNewLine);
  onNewLine?.(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth) return { tooDeepAt: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** Offset of the first token nested deeper than `maxDepth` in a YAML text, or null (see readYamlTokens). */
export function yamlNestingOverflow(text: string, maxDepth: number): number | null {
  const read = readYamlTokens(text, maxDepth);
  return 'tooDeepAt' in read ? read.tooDeepAt : null;
}

/**
 * Runs a yaml library parse without capturing a stack trace for each error it records: the library makes an Error
 * per problem, and on a hostile file (50,000 stray brackets) capturing their stacks costs seconds.
 */
export function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
