// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before it is
// signed. Fuses are compiled-in switches that no command line or environment can turn back on:
// - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node.js interpreter;
// - EnableNodeOptionsEnvironmentVariable off: NODE_OPTIONS cannot preload code into it;
// - EnableNodeCliInspectArguments off: --inspect cannot attach a debugger to it;
// - EnableEmbeddedAsarIntegrityValidation on: a modified app.asar is refused (macOS, Windows);
// - OnlyLoadAppFromAsar on: the app code is loaded from app.asar only, not a loose folder;
// - EnableCookieEncryption on: cookies on disk are encrypted with the OS key store;
// - GrantFileProtocolExtraPrivileges off: file:// gets no extra powers (the app uses app://).
// CommonJS because electron-builder require()s hooks.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The Electron binary inside the packed app, per platform. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${name}.app`);
    case 'win32':
      return path.join(appOutDir, `${name}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

exports.default = async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Re-signs ad hoc on Apple silicon, where a binary changed after signing will not start;
    // the real signature is applied afterwards by electron-builder.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
  console.log(`  • electron fuses set on ${path.basename(binary)}`);
};
