// Loads Go packages of one moby tag straight from a bare git directory: lists a directory's files at the tag,
// keeps those in a linux/amd64 build, parses them, and resolves import paths to directories (the main module,
// else vendor/). Every file read is recorded so the extractor can document its provenance.

import { execFileSync } from 'node:child_process';
import { isInLinuxBuild } from './build-constraints.mjs';
import { parseGoFile } from './go-parser.mjs';

/**
 * @typedef {import('./go-parser.mjs').GoFile} GoFile
 * @typedef {import('./go-parser.mjs').TypeExpr} TypeExpr
 * @typedef {{dir: string, files: GoFile[], types: Map<string, {type: TypeExpr, file: GoFile}>,
 *   funcs: import('./go-parser.mjs').FuncDecl[], funcFiles: Map<object, GoFile>}} GoPackage
 */

const MAX_BUFFER = 64 * 1024 * 1024;

export class GitTree {
  /**
   * @param {string} gitDir bare git directory of moby/moby
   * @param {string} tag
   */
  constructor(gitDir, tag) {
    this.gitDir = gitDir;
    this.tag = tag;
    this.commit = this.git(['rev-parse', `${tag}^{commit}`]).trim();
    /** Paths of the Go files parsed, in the order they were first read. */
    this.filesRead = [];
    this.packages = new Map();
    this.modulePath = this.readModulePath();
  }

  git(args) {
    return execFileSync('git', ['--git-dir', this.gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: MAX_BUFFER,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  exists(path) {
    try {
      this.git(['cat-file', '-e', `${this.commit}:${path}`]);
      return true;
    } catch {
      return false;
    }
  }

  read(path) {
    return this.git(['show', `${this.commit}:${path}`]);
  }

  /** Main module path: go.mod (29+), vendor.mod (23–28), or github.com/docker/docker for GOPATH-era trees. */
  readModulePath() {
    for (const file of ['go.mod', 'vendor.mod']) {
      if (!this.exists(file)) continue;
      const match = /^module\s+(\S+)/m.exec(this.read(file));
      if (match) return match[1];
    }
    return 'github.com/docker/docker';
  }

  /** Directory of an import path at this tag, or null for the standard library and unknown modules. */
  importDir(importPath) {
    if (importPath.startsWith(`${this.modulePath}/`)) return importPath.slice(this.modulePath.length + 1);
    const vendored = `vendor/${importPath}`;
    return this.exists(vendored) ? vendored : null;
  }

  /**
   * Parses the linux-build files of a package directory. Results are cached per directory.
   * @returns {GoPackage}
   */
  loadPackage(dir) {
    const cached = this.packages.get(dir);
    if (cached) return cached;
    let names;
    try {
      names = this.git(['ls-tree', '--name-only', `${this.commit}:${dir}`]).split('\n').filter(Boolean);
    } catch {
      throw new Error(`${this.tag}: no directory ${dir}`);
    }
    /** @type {GoPackage} */
    const pkg = { dir, files: [], types: new Map(), funcs: [], funcFiles: new Map() };
    for (const name of names.filter((n) => n.endsWith('.go')).sort()) {
      const path = `${dir}/${name}`;
      const source = this.read(path);
      if (!isInLinuxBuild(name, source)) continue;
      const file = parseGoFile(source, `${this.tag}:${path}`);
      this.filesRead.push(path);
      pkg.files.push(file);
      for (const [typeName, type] of file.types) pkg.types.set(typeName, { type, file });
      for (const fn of file.funcs) {
        pkg.funcs.push(fn);
        pkg.funcFiles.set(fn, file);
      }
    }
    if (pkg.files.length === 0) throw new Error(`${this.tag}: no linux Go files in ${dir}`);
    this.packages.set(dir, pkg);
    return pkg;
  }

  /** Loads the package a file refers to by `alias`, or null when it is the standard library. */
  loadImported(file, alias) {
    const importPath = file.imports.get(alias);
    if (importPath === undefined) throw new Error(`${file.path}: unknown package qualifier ${alias}`);
    const dir = this.importDir(importPath);
    return dir === null ? null : this.loadPackage(dir);
  }

  importPathOf(file, alias) {
    const importPath = file.imports.get(alias);
    if (importPath === undefined) throw new Error(`${file.path}: unknown package qualifier ${alias}`);
    return importPath;
  }
}

/** Methods declared on a named type of a package (pointer and value receivers alike). */
export function methodsOf(pkg, typeName) {
  return pkg.funcs.filter((fn) => fn.recv !== null && fn.recv.type === typeName);
}

/** A package-level string constant, or undefined. */
export function stringConstant(pkg, name) {
  for (const file of pkg.files) {
    for (const spec of file.consts) {
      const index = spec.names.indexOf(name);
      if (index === -1) continue;
      const value = spec.value.length === 1 && spec.value[0].kind === 'string' ? spec.value[0].value : undefined;
      return value;
    }
  }
  return undefined;
}
