// Entry of the admin console page.
import { mount } from '../../shared/mount.js';
import { App } from './App.js';
import './style.css';

mount(App);
