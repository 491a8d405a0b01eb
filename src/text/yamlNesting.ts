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
