// Compiles the api exactly as `tsc -p apps/api/tsconfig.app.json` would, with @nestjs/swagger's
// compiler plugin in the emit, so the OpenAPI document describes every request field from the
// DTOs' types and class-validator decorators (see libs/server/core/http/README.md, "OpenAPI").
import { before as swaggerPlugin } from '@nestjs/swagger/plugin';
import ts from 'typescript';

/** The plugin's options, also what a reader needs to know about the document's source. */
const SWAGGER_PLUGIN_OPTIONS = {
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  classValidatorShim: true,
  introspectComments: true,
};

const configPath = process.argv[2] ?? 'apps/api/tsconfig.app.json';
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
const config = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
if (config.errors.length > 0) fail(config.errors);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
const emitted = program.emit(undefined, undefined, undefined, false, { before: [swaggerPlugin(SWAGGER_PLUGIN_OPTIONS, program)] });
const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]);
if (diagnostics.length > 0 || emitted.emitSkipped) fail(diagnostics);

function fail(list) {
  process.stderr.write(
    ts.formatDiagnosticsWithColorAndContext(list, { getCanonicalFileName: (f) => f, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => '\n' }),
  );
  process.exit(1);
}
