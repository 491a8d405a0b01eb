/** 1-based line and column of a character offset, as editors and SARIF count them. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Turns offsets into line:column in O(log lines) after one pass over the text, so a parser can record the
 * position of every value of a large document (a 1,000-network snapshot) without rescanning from the start.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): TextPosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}
