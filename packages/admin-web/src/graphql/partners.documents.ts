import { graphql } from './generated';

// 开放平台 (DOMAIN.md §10): the district's partner API clients and webhooks, district admin only.

// ---------------------------------------------------------------- API clients

export const ApiClientFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ApiClientFields on ApiClient {
    id
    name
    scopes
    scope {
      ...ScopeUnitFields
    }
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const ApiClientsDocument = graphql(/* GraphQL */ `
  query ApiClients($first: Int, $after: String) {
    apiClients(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...ApiClientFields
        }
      }
    }
  }
`);

/** `secret` is the key (xyk_…), in this answer only. */
export const CreateApiClientDocument = graphql(/* GraphQL */ `
  mutation CreateApiClient($input: CreateApiClientInput!) {
    createApiClient(input: $input) {
      apiClient {
        ...ApiClientFields
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RevokeApiClientDocument = graphql(/* GraphQL */ `
  mutation RevokeApiClient($input: RevokeApiClientInput!) {
    revokeApiClient(input: $input) {
      apiClient {
        ...ApiClientFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- webhooks

export const WebhookFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment WebhookFields on Webhook {
    id
    name
    url
    format
    events
    scope {
      ...ScopeUnitFields
    }
    enabled
    disabledAt
    disabledReason
    failingSince
    hasSigningSecret
    createdAt
  }
`);

export const WebhooksDocument = graphql(/* GraphQL */ `
  query Webhooks($first: Int, $after: String) {
    webhooks(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...WebhookFields
        }
      }
    }
  }
`);

/** `signingSecret` (GENERIC only, whsec_…) is in this answer only. */
export const CreateWebhookDocument = graphql(/* GraphQL */ `
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
      signingSecret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetWebhookEnabledDocument = graphql(/* GraphQL */ `
  mutation SetWebhookEnabled($input: SetWebhookEnabledInput!) {
    setWebhookEnabled(input: $input) {
      webhook {
        ...WebhookFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** GENERIC: a new signing secret, in this answer only; robots: the robot's new secret (or none). */
export const RotateWebhookSecretDocument = graphql(/* GraphQL */ `
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      webhook {
        ...WebhookFields
      }
      signingSecret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const DeleteWebhookDocument = graphql(/* GraphQL */ `
  mutation DeleteWebhook($input: WebhookIdInput!) {
    deleteWebhook(input: $input) {
      deletedWebhookId
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- deliveries

export const WebhookDeliveryFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment WebhookDeliveryFields on WebhookDelivery {
    id
    event
    status
    attempts
    lastAttemptAt
    responseStatus
    createdAt
    nextAttemptAt
    test
    body
    attemptLog {
      attempt
      at
      durationMs
      responseStatus
      error
    }
  }
`);

/** A webhook's deliveries, newest first, optionally of one status. */
export const WebhookDeliveryLogDocument = graphql(/* GraphQL */ `
  query WebhookDeliveryLog($id: ID!, $status: DeliveryStatus, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      ... on Webhook {
        id
        deliveries(status: $status, first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...WebhookDeliveryFields
            }
          }
        }
      }
    }
  }
`);

export const SendWebhookTestEventDocument = graphql(/* GraphQL */ `
  mutation SendWebhookTestEvent($input: SendWebhookTestEventInput!) {
    sendWebhookTestEvent(input: $input) {
      delivery {
        ...WebhookDeliveryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RedeliverWebhookDeliveryDocument = graphql(/* GraphQL */ `
  mutation RedeliverWebhookDelivery($input: RedeliverWebhookDeliveryInput!) {
    redeliverWebhookDelivery(input: $input) {
      delivery {
        ...WebhookDeliveryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
