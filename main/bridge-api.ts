/**
 * The preload bridge's implementation: the verbs the renderer may call on the main process, and
 * the events it may listen to. It only needs an `invoke` and an `on` function, so it is a plain
 * module (no Electron or Node import) and the renderer can `import type` it without pulling in
 * Node or Electron types. Everything the main process accepts is re-checked there
 * (ipc-validation.ts): these types are a convenience for the renderer, not a guarantee.
 */

/** Request/response channels (renderer → main, `ipcRenderer.invoke`). */
export const IpcChannel = {
  AppInfo: 'app:info',
  DefaultServerUrl: 'settings:default-server-url',
  GetSettings: 'settings:get',
  UpdateSettings: 'settings:update',
  NewBoard: 'board:new',
  OpenBoard: 'board:open',
  SaveBoard: 'board:save',
  SetUnsavedChanges: 'board:set-unsaved',
  ListRecent: 'board:list-recent',
  OpenRecent: 'board:open-recent',
  ExportImage: 'board:export-image',
  OpenExternal: 'shell:open-external',
  StartHosting: 'hosting:start',
  StopHosting: 'hosting:stop',
  HostingStatus: 'hosting:status',
  PasteClipboard: 'edit:paste',
} as const;
export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];

/** Event channels (main → renderer, `webContents.send`). */
export const EventChannel = {
  MenuCommand: 'event:menu-command',
  HostingChanged: 'event:hosting-changed',
} as const;
export type EventChannel = (typeof EventChannel)[keyof typeof EventChannel];

/**
 * Menu items that act on the board. Main only forwards them: the renderer owns the board and
 * decides (for example, Undo inside a text field is the field's own undo).
 */
export const MenuCommand = {
  NewBoard: 'new-board',
  OpenBoard: 'open-board',
  OpenRecent: 'open-recent',
  Save: 'save',
  SaveAs: 'save-as',
  ExportPng: 'export-png',
  ExportSvg: 'export-svg',
  HostOnThisComputer: 'host-on-this-computer',
  VersionHistory: 'version-history',
  Undo: 'undo',
  Redo: 'redo',
  Delete: 'delete',
  SelectAll: 'select-all',
  ZoomIn: 'zoom-in',
  ZoomOut: 'zoom-out',
  ZoomReset: 'zoom-reset',
  ZoomToFit: 'zoom-to-fit',
} as const;
export type MenuCommand = (typeof MenuCommand)[keyof typeof MenuCommand];

/** A menu command; `path` is set only for `open-recent` (pass it to `openRecent`). */
export interface MenuCommandEvent {
  command: MenuCommand;
  path?: string;
}

export const ImageFormat = { Png: 'png', Svg: 'svg' } as const;
export type ImageFormat = (typeof ImageFormat)[keyof typeof ImageFormat];

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

/** The settings the renderer may read and change (recent files and window bounds are main's). */
export interface UserSettings {
  /** Shown to other people on a board; '' until the user picks one. */
  name: string;
  /** The user's cursor and default ink colour, `#rrggbb`. */
  color: string;
  /** The sync server new boards are created on: `ws://` or `wss://` origin. */
  defaultServerUrl: string;
}

export interface BoardFileInfo {
  /** Absolute path of the `.whiteboard` file. */
  path: string;
  /** File name without the extension, for the title bar. */
  name: string;
}

export interface OpenedBoard extends BoardFileInfo {
  /** The board's Yjs state: `Y.applyUpdate(new Y.Doc(), state)`. */
  state: Uint8Array;
  /** Its version history (protocol/history.ts `decodeLocalHistory`), null for a file that keeps none. */
  history: Uint8Array | null;
}

export interface SaveOptions {
  /** Always ask where to save, even when the board already has a file. */
  saveAs: boolean;
}

export type ExportRequest = { format: typeof ImageFormat.Png; data: Uint8Array } | { format: typeof ImageFormat.Svg; data: string };

export interface HostingOptions {
  /** Listen on every network interface (0.0.0.0), not only this computer (127.0.0.1). */
  lan: boolean;
}

export type HostingStatus =
  | { state: 'stopped'; error: string | null }
  | { state: 'starting' }
  | {
      state: 'running';
      /** ws:// origin for this computer: use it as the board's server. */
      serverUrl: string;
      /** http:// origin of the built-in server on this computer (its room API). */
      httpUrl: string;
      /** http:// origins other computers on the network can use; [] unless hosting with `lan`. */
      lanUrls: string[];
    };

export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;
export type Listen = (channel: EventChannel, listener: (payload: unknown) => void) => () => void;

export function createBridge(invoke: Invoke, on: Listen) {
  return {
    /**
     * Pastes the system clipboard into the page as Ctrl+V does: the page gets its own paste
     * event. For the board's right-click menu, since the page may not read the clipboard.
     */
    pasteClipboard: () => invoke(IpcChannel.PasteClipboard) as Promise<void>,
    /** The app's name, version and platform, for the About box and bug reports. */
    appInfo: () => invoke(IpcChannel.AppInfo) as Promise<AppInfo>,
    /** The sync server new boards connect to unless a link names another (settings, then env). */
    defaultServerUrl: () => invoke(IpcChannel.DefaultServerUrl) as Promise<string>,
    /** The user's settings. */
    getSettings: () => invoke(IpcChannel.GetSettings) as Promise<UserSettings>,
    /** Changes some settings; answers with all of them. Rejects with a message if a value is invalid. */
    updateSettings: (patch: Partial<UserSettings>) => invoke(IpcChannel.UpdateSettings, patch) as Promise<UserSettings>,
    /**
     * Starts a new, unsaved local board. Asks about unsaved changes first; false when the user
     * cancelled (keep the current board), true when the renderer should show an empty board.
     */
    newBoard: () => invoke(IpcChannel.NewBoard) as Promise<boolean>,
    /**
     * Asks about unsaved changes, then shows the Open dialog and reads the file. null when the
     * user cancelled; rejects with a message a person can act on (newer format, damaged file).
     */
    openBoard: () => invoke(IpcChannel.OpenBoard) as Promise<OpenedBoard | null>,
    /**
     * Saves the board's Yjs state (`Y.encodeStateAsUpdate(doc)`) to its file, or asks where when
     * it has none or `saveAs` is set. null when the user cancelled the dialog. Marks the board
     * saved (no unsaved changes) on success. `history`, the board's versions, is kept in the file with it.
     */
    saveBoard: (state: Uint8Array, options: SaveOptions = { saveAs: false }, history: Uint8Array | null = null) =>
      invoke(IpcChannel.SaveBoard, state, options, history) as Promise<BoardFileInfo | null>,
    /** Tell main whether the board has changes not yet saved to its file (for the close prompt). */
    setUnsavedChanges: (unsaved: boolean) => invoke(IpcChannel.SetUnsavedChanges, unsaved) as Promise<void>,
    /** Recently opened or saved boards, newest first. */
    listRecent: () => invoke(IpcChannel.ListRecent) as Promise<BoardFileInfo[]>,
    /** Like openBoard, without the dialog; `path` must be one of listRecent's. */
    openRecent: (path: string) => invoke(IpcChannel.OpenRecent, path) as Promise<OpenedBoard | null>,
    /** Shows a Save dialog and writes the image there: PNG bytes or SVG text. false if cancelled. */
    exportImage: (request: ExportRequest) => invoke(IpcChannel.ExportImage, request) as Promise<boolean>,
    /** Opens an https:// link the user clicked in their browser; anything else is refused. */
    openExternal: (url: string) => invoke(IpcChannel.OpenExternal, url) as Promise<void>,
    /** Starts the built-in sync server ("Host on this computer"); answers once it is ready or failed. */
    startHosting: (options: HostingOptions) => invoke(IpcChannel.StartHosting, options) as Promise<HostingStatus>,
    /** Stops the built-in sync server. */
    stopHosting: () => invoke(IpcChannel.StopHosting) as Promise<HostingStatus>,
    /** Whether the built-in sync server runs, and where. */
    hostingStatus: () => invoke(IpcChannel.HostingStatus) as Promise<HostingStatus>,
    /** Calls `listener` for each menu item that acts on the board; returns an unsubscribe function. */
    onMenuCommand: (listener: (event: MenuCommandEvent) => void) => on(EventChannel.MenuCommand, (payload) => listener(payload as MenuCommandEvent)),
    /** Calls `listener` when the built-in server starts, stops or fails; returns an unsubscribe function. */
    onHostingChanged: (listener: (status: HostingStatus) => void) => on(EventChannel.HostingChanged, (payload) => listener(payload as HostingStatus)),
  };
}

export type WhiteboardBridge = ReturnType<typeof createBridge>;
