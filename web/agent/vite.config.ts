// The agent workspace: the staff apps' Vite config (web/shared/vite.ts), with Socket.IO proxied in
// development as well as the API.
import { staffAppConfig } from '../shared/vite.js';

export default staffAppConfig('agent', { socketIo: true });
