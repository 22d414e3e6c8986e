export {
  DatasetExists,
  datasetGenerator,
  WorkspaceFileMissing,
  type DatasetGeneratorOptions,
} from './generators/dataset/dataset-generator';
export { datasetNames, InvalidDatasetName, type DatasetNames } from './generators/dataset/dataset-names';
export { appendToLiteral, LiteralNotFound } from './text-edits/append-to-literal';
export { addImport, addLine } from './text-edits/add-import';
export { ToolExists, toolGenerator, type ToolGeneratorOptions } from './generators/tool/tool-generator';
export { InvalidToolName, toolNames, type ToolNames } from './generators/tool/tool-names';
