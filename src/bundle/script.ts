import gatherScriptText from './gather.sh';
import { TOOL_VERSION } from '../version.js';

/** The agentless gather script (src/bundle/gather.sh, kept as a file so it can be read and shellchecked), with this dockdoc's version in it. */
export function gatherScript(): string {
  return gatherScriptText.replace('@DOCKDOC_VERSION@', TOOL_VERSION);
}
