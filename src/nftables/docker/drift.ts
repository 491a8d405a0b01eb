import type { NftTable } from '../model.js';

/** One thing Docker's table should hold: a chain, a verdict-map element, or a rule of a chain. */
export type NftPiece =
  | { kind: 'chain'; chain: string }
  | { kind: 'element'; map: string; key: string; value: string }
  | { kind: 'rule'; chain: string; rule: string };

export function describePiece(piece: NftPiece): string {
  switch (piece.kind) {
    case 'chain':
      return `chain ${piece.chain}`;
    case 'element':
      return `element ${piece.key} : ${piece.value} of map ${piece.map}`;
    case 'rule':
      return `rule \`${piece.rule}\` in chain ${piece.chain}`;
  }
}

/** Every chain, map element and rule of a table, in table order. */
export function piecesOf(table: NftTable): NftPiece[] {
  const pieces: NftPiece[] = [];
  for (const chain of table.chains.values()) pieces.push({ kind: 'chain', chain: chain.name });
  for (const map of table.maps.values()) for (const [key, value] of map.elements) pieces.push({ kind: 'element', map: map.name, key, value });
  for (const chain of table.chains.values()) for (const rule of chain.rules) pieces.push({ kind: 'rule', chain: chain.name, rule });
  return pieces;
}

export function hasPiece(table: NftTable | undefined, piece: NftPiece): boolean {
  if (!table) return false;
  switch (piece.kind) {
    case 'chain':
      return table.chains.has(piece.chain);
    case 'element':
      return table.maps.get(piece.map)?.elements.get(piece.key) === piece.value;
    case 'rule':
      return table.chains.get(piece.chain)?.rules.includes(piece.rule) ?? false;
  }
}

export const pieceKey = (piece: NftPiece): string => JSON.stringify(piece);

/** The pieces of `expected` that `live` lacks. Rule order within a chain is not compared: containers start in any order. */
export function missingPieces(expected: NftTable, live: NftTable | undefined): NftPiece[] {
  return piecesOf(expected).filter((piece) => !hasPiece(live, piece));
}

/** The pieces of `whole` that `without` lacks: what one network or one port binding adds to Docker's table. */
export function piecesAddedBy(whole: NftTable, without: NftTable): NftPiece[] {
  return missingPieces(whole, without);
}
