import {
  ApiClient,
  ApiScope,
  Community,
  Courtyard,
  District,
  fromGlobalId,
  Household,
  Street,
  User,
  type Webhook,
  type WebhookDelivery,
} from '@xiaoyuan/schema';
import { CLIENT_NODE_ACCESS } from '../../engine/authorization.service';
import { districtCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { forbidden } from '../../engine/errors';
import { apiClientsService } from '../api-clients/api-clients.service';
import { alertsService } from '../alerts/alerts.service';
import type { AlertView } from '../alerts/alerts.types';
import { hierarchyService, unitOf } from '../hierarchy/hierarchy.service';
import { importsService } from '../imports/imports.service';
import type { ImportView } from '../imports/imports.types';
import { ledgerService } from '../ledger/ledger.service';
import type { LedgerEntryView } from '../ledger/ledger.types';
import { proposalsService } from '../proposals/proposals.service';
import type { ProposalView, VoteView } from '../proposals/proposals.types';
import { isRecordNodeType, recordNode, type RecordNode } from '../records/records-node.service';
import { rolloutService } from '../rollout/rollout.service';
import type { RolloutPlanView } from '../rollout/rollout.types';
import { UserView } from '../session/session.types';
import { webhooksService } from '../webhooks/webhooks.service';

type NodeValue =
  | District
  | Street
  | Community
  | Courtyard
  | Household
  | UserView
  | RecordNode
  | LedgerEntryView
  | ProposalView
  | VoteView
  | RolloutPlanView
  | ImportView
  | AlertView
  | ApiClient
  | Webhook
  | WebhookDelivery;

/**
 * `node(id)`: any object by global id, or null when it is not in the caller's district or outside
 * what the caller may read: never a hint that the id exists elsewhere. An API client reads by id
 * what its scopes grant (`CLIENT_NODE_ACCESS`); other types are FORBIDDEN to it.
 */
export class NodeService {
  async node(context: RequestContext, globalId: string): Promise<NodeValue | null> {
    const caller = context.requireCaller();
    const decoded = fromGlobalId(globalId);
    if (!decoded) return null;
    if (caller.kind === 'platform') {
      return decoded.type === 'PlatformUser' && decoded.id === caller.id ? UserView.of(caller) : null;
    }
    if (caller.kind === 'client') {
      const access = Object.prototype.hasOwnProperty.call(CLIENT_NODE_ACCESS, decoded.type)
        ? CLIENT_NODE_ACCESS[decoded.type]
        : null;
      if (!access) throw forbidden('API clients may not read this by id');
      context.requireTenantCaller(access);
    }
    switch (decoded.type) {
      case 'District':
        return decoded.id === caller.tenantId && context.auth.canRead({ kind: 'District' })
          ? context.em.findOne(District, { id: decoded.id })
          : null;
      case 'Street':
      case 'Community':
      case 'Courtyard': {
        const entity = { Street, Community, Courtyard }[decoded.type];
        const unit = await hierarchyService.find(context, globalId, entity as typeof Street);
        return unit && context.auth.canRead(unitOf(unit)) ? unit : null;
      }
      case 'Household': {
        context.requireTenantCaller(ApiScope.RECORDS_READ);
        const household = await hierarchyService.find(context, globalId, Household);
        if (!household) return null;
        const courtyard = await context.em.findOne(Courtyard, { id: household.courtyard.id });
        return courtyard && context.auth.canRead(unitOf(courtyard)) ? household : null;
      }
      case 'User': {
        const user = await context.em.findOne(User, { id: decoded.id }, { populate: ['community', 'courtyard'] });
        const view = user ? UserView.of(districtCaller(user)) : null;
        return view && context.auth.canSeeUser({ id: view.userId, scope: view.scope }) ? view : null;
      }
      case 'LedgerEntry':
        return ledgerService.node(context, decoded.id);
      case 'Proposal':
        return proposalsService.proposalNode(context, decoded.id);
      case 'Vote':
        return proposalsService.voteNode(context, decoded.id);
      case 'RolloutPlan':
        return rolloutService.planById(context, decoded.id);
      case 'Import':
        return importsService.find(context, decoded.id);
      case 'Alert':
        return alertsService.node(context, decoded.id);
      case 'ApiClient':
        return apiClientsService.node(context, decoded.id);
      case 'Webhook':
        return webhooksService.node(context, decoded.id);
      case 'WebhookDelivery':
        return webhooksService.deliveryNode(context, decoded.id);
      default:
        // records of a courtyard: Activity, Dispute, ServiceRequest, IdleSpace
        return isRecordNodeType(decoded.type) ? recordNode(context, decoded.type, decoded.id) : null;
    }
  }
}

export const nodeService = new NodeService();
