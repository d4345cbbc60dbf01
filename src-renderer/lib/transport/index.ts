// Transports of the AppApi in the renderer: IPC in Electron, HTTP + WebSocket in a browser.
export { ApiCallError, errorKind } from './apiCallError';
export {
  createHttpTransport,
  type HttpClient,
  type HttpTransportOptions,
  type SocketLike,
} from './httpTransport';
export { createIpcTransport, type PreloadApi } from './ipcTransport';
export { EventHub } from './eventHub';
