// The partner API's GraphiQL: graphiql 5 (React, Monaco) bundled by Vite, served by the API at
// /graphiql. The schema is the emitted SDL built into the page, so exploring it needs no
// introspection (off in production); queries go to this origin's /graphql with the API key that
// the user pasted, kept in this tab's sessionStorage only.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './page.css';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import sdl from '../../schema/schema.graphql?raw';

const KEY_STORAGE = 'xiaoyuan.graphiql.apiKey';

const DEFAULT_QUERY = `# 小院开放平台 GraphiQL：先在上方粘贴 API 密钥（xyk_…）。
# Xiaoyuan partner API: paste your API key (xyk_…) above first.
# 文档 / Docs: docs/PARTNERS.md

query District {
  district {
    id
    code
    name
    streets(first: 10) {
      edges { node { id code name } }
    }
  }
}
`;

function storedKey(): string {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const input = element<HTMLInputElement>('api-key');
const state = element<HTMLSpanElement>('key-state');

function showKeyState(): void {
  const key = storedKey();
  state.textContent = key ? `已设置 / set: ${key.slice(0, 8)}…` : '未设置 / no key';
  state.dataset.set = key ? 'true' : 'false';
}

element<HTMLFormElement>('key-bar').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = input.value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  input.value = '';
  showKeyState();
});
element<HTMLButtonElement>('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  input.value = '';
  showKeyState();
});
showKeyState();

// plain JSON POSTs: the API has no @defer/@stream (multipart answers)
const post = createGraphiQLFetcher({
  url: new URL('/graphql', window.location.href).toString(),
  enableIncrementalDelivery: false,
});
// The key is read at every request, so a key set or forgotten applies to the next run.
const fetcher: Fetcher = (params, options) => {
  const key = storedKey();
  return post(params, {
    ...options,
    headers: { ...options?.headers, ...(key ? { Authorization: `Bearer ${key}` } : {}) },
  });
};

createRoot(element('graphiql')).render(
  createElement(GraphiQL, { fetcher, schema: buildSchema(sdl), defaultQuery: DEFAULT_QUERY }),
);
