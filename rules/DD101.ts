import { daemonConfigModel } from '../src/daemon/config.js';
import { engineAtLeast } from '../src/engine/version.js';
import type { Rule } from '../src/engine/types.js';

/** From 23.0 dockerd accepts an empty or BOM-prefixed daemon.json (20.10 fails with `EOF` or on the BOM, verified on 20.10.24; moby@v23.0.0:daemon/config/config.go decodes both). */
const BLANK_ACCEPTED_FROM = '23.0.0';

const rule: Rule = {
  id: 'DD101',
  title: 'daemon.json cannot be read by dockerd',
  severity: 'error',
  area: 'daemon',
  needs: ['daemonConfig'],
  summary: 'daemon.json is not valid JSON, or is empty/BOM on an engine that rejects that (20.10); dockerd will not start.',
  check(snapshot, context) {
    const model = daemonConfigModel(snapshot);
    if (model?.state === 'invalid') {
      return [
        {
          subject: `file:${model.path}`,
          location: { file: model.path, line: model.at.line, column: model.at.column },
          message: `${model.message} (line ${model.at.line}, column ${model.at.column}). dockerd refuses to start with "unable to configure the Docker daemon with file ${model.path}: ${model.message}".`,
          evidence: { path: model.path, error: model.message, line: model.at.line, column: model.at.column },
          fix: {
            text: `Correct the JSON at line ${model.at.line}, column ${model.at.column} (a missing comma or quote, or a trailing comma), then check it before restarting dockerd.`,
            commands: [`python3 -m json.tool ${model.path}`],
          },
        },
      ];
    }
    if (model?.state === 'blank' && !engineAtLeast(context.engineVersion, BLANK_ACCEPTED_FROM)) {
      const dockerdSays = model.why === 'empty' ? 'EOF' : "invalid character 'ï' looking for beginning of value";
      return [
        {
          subject: `file:${model.path}`,
          location: { file: model.path, line: 1, column: 1 },
          message: `${model.path} is ${model.why === 'empty' ? 'empty' : 'saved with a UTF-8 byte-order mark'}. Docker ${context.engineVersion} refuses to start: "unable to configure the Docker daemon with file ${model.path}: ${dockerdSays}" (accepted from 23.0 on).`,
          evidence: { path: model.path, blank: model.why, engineVersion: context.engineVersion },
          fix: {
            text: model.why === 'empty' ? `Write {} into ${model.path}, or remove the file.` : `Save ${model.path} as UTF-8 without a byte-order mark.`,
            commands: model.why === 'empty' ? [`echo '{}' > ${model.path}`] : [`sed -i '1s/^\\xEF\\xBB\\xBF//' ${model.path}`],
          },
        },
      ];
    }
    return [];
  },
};

export default rule;
