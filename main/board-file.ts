/** The `.whiteboard` file format lives in protocol/board-file.ts: the app's pages write it too (exporting a version). */
export * from '../protocol/board-file';
