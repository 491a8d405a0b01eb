import { Lexer, Parser } from 'yaml';

/**
 * Offset of the first token nested deeper than `maxDepth` in a YAML text, or null. The yaml library's document
 * composer recurses once per level and overflows the call stack on deep nesting (`- - - - …`), so callers check
 * first. Its CST parser keeps an explicit stack, which this reads token by token, stopping as soon as it grows too
 * deep (before the parser has to unwind it).
 */
export function yamlNestingOverflow(text: string, maxDepth: number): number | null {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) void token;
    if (parser.stack.length > maxDepth) return parser.offset;
  }
  return null;
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
