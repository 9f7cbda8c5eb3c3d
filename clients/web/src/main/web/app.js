// Entry point: renders the app and exposes the debug hook the browser tests read (window.cellchat.state()).
import { render } from 'preact';
import { html } from 'htm/preact';
import { App, debugHook } from './ui/app-view.js';

Object.defineProperty(window, 'cellchat', { value: Object.freeze(debugHook), configurable: false });

const root = document.getElementById('root');
if (root) render(html`<${App} />`, root);
