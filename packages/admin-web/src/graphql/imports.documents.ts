import { typedDocument } from './typed-document';
import type { Connection, ImportKind, InputVariables, JobState, PageVariables, UserError } from './types';

// Imports of courtyards, households and attendance from CSV/XLSX files, run by the worker.

export interface ImportRowErrorNode {
  row: number;
  column: string | null;
  reason: string;
  code: string | null;
}

export interface ImportNode {
  id: string;
  kind: ImportKind;
  format: 'CSV' | 'XLSX';
  filename: string;
  /** QUEUED, ACTIVE, then COMPLETED (every row stored) or FAILED (none stored) */
  status: JobState;
  totalRows: number | null;
  storedRows: number | null;
  errorCount: number;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportReport extends ImportNode {
  errors: ImportRowErrorNode[];
}

export interface JobNode {
  id: string;
  state: JobState;
  progress: number | null;
  failedReason: string | null;
}

const IMPORT_FIELDS =
  'id kind format filename status totalRows storedRows errorCount failedReason createdAt finishedAt';

export const StartImportDocument = typedDocument<
  { startImport: { import: ImportReport | null; job: JobNode | null; userErrors: UserError[] } },
  InputVariables<{ kind: ImportKind; filename: string; contentBase64: string }>
>(/* GraphQL */ `
  mutation StartImport($input: StartImportInput!) {
    startImport(input: $input) {
      import { ${IMPORT_FIELDS} errors { row column reason code } }
      job { id state progress failedReason }
      userErrors { field message code }
    }
  }
`);

export const ImportsDocument = typedDocument<
  { imports: Connection<ImportNode> },
  PageVariables & Record<string, unknown>
>(/* GraphQL */ `
    query Imports($first: Int, $after: String) {
      imports(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { ${IMPORT_FIELDS} } }
      }
    }
  `);

export const JobDocument = typedDocument<{ job: JobNode | null }, { id: string }>(/* GraphQL */ `
  query Job($id: ID!) {
    job(id: $id) {
      id
      state
      progress
      failedReason
    }
  }
`);

export const ImportReportDocument = typedDocument<
  { node: ({ __typename: string; id: string } & Partial<ImportReport>) | null },
  { id: string }
>(/* GraphQL */ `
  query ImportReport($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Import { ${IMPORT_FIELDS} errors { row column reason code } }
    }
  }
`);
