// Entry of the agent workspace page.
import { mount } from '../../shared/mount.js';
import { App } from './App.js';
import './style.css';

mount(App);
