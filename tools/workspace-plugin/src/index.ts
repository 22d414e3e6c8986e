export { DatasetExists, datasetGenerator, WorkspaceFileMissing, type DatasetGeneratorOptions } from './generators/dataset/dataset-generator';
export { datasetNames, InvalidDatasetName, type DatasetNames } from './generators/dataset/dataset-names';
export { appendToLiteral, LiteralNotFound } from './text-edits/append-to-literal';
export { addImport, addLine } from './text-edits/add-import';
