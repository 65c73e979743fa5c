/**
 * The preload bridge's implementation: the verbs the renderer may call on the main process.
 * It only needs an `invoke` function, so it is a plain module (no Electron import) and its type
 * can be imported by the renderer without pulling in Node or Electron types.
 */
export const IpcChannel = {
  AppInfo: 'app:info',
  DefaultServerUrl: 'settings:default-server-url',
} as const;

export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

export function createBridge(invoke: Invoke) {
  return {
    /** The app's name, version and platform, for the About box and bug reports. */
    appInfo: () => invoke(IpcChannel.AppInfo) as Promise<AppInfo>,
    /** The sync server new boards connect to unless a link names another. */
    defaultServerUrl: () => invoke(IpcChannel.DefaultServerUrl) as Promise<string>,
  };
}

export type WhiteboardBridge = ReturnType<typeof createBridge>;
