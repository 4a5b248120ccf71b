// The admin console: the staff apps' Vite config (web/shared/vite.ts).
import { staffAppConfig } from '../shared/vite.js';

export default staffAppConfig('admin');
