/**
 * The host's native choosers, as a port: Electron implements it with its `dialog` module (src-main/app/dialogs.ts);
 * the CLI and the test bridge have none, and views keep their typed path fields. Answers are absolute paths the
 * person picked, or null when they cancelled; the service checks them before handing them on.
 */
export interface DialogPort {
  chooseFolder(options: { title?: string | undefined; defaultPath?: string | undefined }): Promise<string | null>;
  chooseFile(options: { title?: string | undefined; defaultPath?: string | undefined; extensions?: readonly string[] | undefined }): Promise<string | null>;
}
