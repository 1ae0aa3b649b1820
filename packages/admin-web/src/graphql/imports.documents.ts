import { graphql } from './generated';

// Imports of courtyards, households and attendance from CSV/XLSX files, run by the worker.

/** status: QUEUED, ACTIVE, then COMPLETED (every row stored) or FAILED (none stored). */
export const ImportFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ImportFields on Import {
    id
    kind
    format
    filename
    status
    totalRows
    storedRows
    errorCount
    failedReason
    createdAt
    finishedAt
  }
`);

export const ImportReportFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ImportReportFields on Import {
    ...ImportFields
    errors {
      row
      column
      reason
      code
    }
  }
`);

export const JobFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment JobFields on Job {
    id
    state
    progress
    failedReason
  }
`);

export const StartImportDocument = graphql(/* GraphQL */ `
  mutation StartImport($input: StartImportInput!) {
    startImport(input: $input) {
      import {
        ...ImportReportFields
      }
      job {
        ...JobFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ImportsDocument = graphql(/* GraphQL */ `
  query Imports($first: Int, $after: String) {
    imports(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...ImportFields
        }
      }
    }
  }
`);

export const JobDocument = graphql(/* GraphQL */ `
  query Job($id: ID!) {
    job(id: $id) {
      ...JobFields
    }
  }
`);

export const ImportReportDocument = graphql(/* GraphQL */ `
  query ImportReport($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Import {
        ...ImportReportFields
      }
    }
  }
`);
