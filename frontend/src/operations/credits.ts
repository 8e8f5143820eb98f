// Credit blocks, issuance, transfers and retirements.
import { graphql } from "../gql";

export const CreditBlocksQuery = graphql(`
  query CreditBlocks($first: Int, $after: String, $status: BlockStatus, $vintage: Int, $projectId: ID) {
    creditBlocks(first: $first, after: $after, status: $status, vintage: $vintage, projectId: $projectId) {
      totalCount
      edges {
        cursor
        node { id serial serialStart serialEnd quantity vintage status projectId viewerMay holder { id name kind organisation { id } } }
      }
    }
  }
`);

export const SerialLookupQuery = graphql(`
  query SerialLookup($serial: String!) {
    serialLookup(serial: $serial) {
      unit
      block {
        id serial serialPrefix serialStart serialEnd quantity vintage status projectId parentId
        itmoFirstId itmoLastId viewerMay
        holder { id name kind organisation { id name } }
      }
      history { seq type at }
    }
  }
`);

export const TransfersQuery = graphql(`
  query Transfers($first: Int, $after: String, $status: TransferStatus) {
    transfers(first: $first, after: $after, status: $status) {
      totalCount
      edges {
        cursor
        node {
          id quantity status statusReason createdAt decidedAt viewerMay
          block { id serial }
          fromAccount { id name kind organisation { id } }
          toAccount { id name kind organisation { id } }
        }
      }
    }
  }
`);

export const RetirementsQuery = graphql(`
  query Retirements($first: Int, $after: String, $status: RetirementStatus) {
    retirements(first: $first, after: $after, status: $status) {
      totalCount
      edges { cursor node { id quantity kind beneficiary status viewerMay block { id serial holder { organisation { id } } } } }
    }
  }
`);

export const IssueCreditsMutation = graphql(`
  mutation IssueCredits($monitoringReportId: ID!) {
    issueCredits(input: { monitoringReportId: $monitoringReportId }) { ledgerSeq issuance { id quantity serialStart serialEnd } }
  }
`);

export const TransferCreditsMutation = graphql(`
  mutation TransferCredits($input: TransferCreditsInput!) {
    transferCredits(input: $input) { ledgerSeq transfer { id status movedBlock { serial } } }
  }
`);

export const RequestTransferMutation = graphql(`
  mutation RequestTransfer($blockId: ID!, $quantity: Int!) {
    requestTransfer(input: { blockId: $blockId, quantity: $quantity }) { ledgerSeq transfer { id status } }
  }
`);

export const ApproveTransferMutation = graphql(`
  mutation ApproveTransfer($id: ID!) { approveTransfer(input: { id: $id }) { ledgerSeq transfer { id status } } }
`);

export const RejectTransferMutation = graphql(`
  mutation RejectTransfer($id: ID!, $reason: String!) {
    rejectTransfer(input: { id: $id, reason: $reason }) { ledgerSeq transfer { id status } }
  }
`);

export const CancelTransferMutation = graphql(`
  mutation CancelTransfer($id: ID!) { cancelTransfer(id: $id) { ledgerSeq transfer { id status } } }
`);

export const RetireCreditsMutation = graphql(`
  mutation RetireCredits($input: RetireCreditsInput!) {
    retireCredits(input: $input) { ledgerSeq retirement { id status } }
  }
`);

export const RecogniseRetirementMutation = graphql(`
  mutation RecogniseRetirement($id: ID!) { recogniseRetirement(input: { id: $id }) { ledgerSeq retirement { id status } } }
`);

export const RejectRetirementMutation = graphql(`
  mutation RejectRetirement($id: ID!, $reason: String!) {
    rejectRetirement(input: { id: $id, reason: $reason }) { ledgerSeq retirement { id status } }
  }
`);

export const CancelRetirementMutation = graphql(`
  mutation CancelRetirement($id: ID!) { cancelRetirement(id: $id) { ledgerSeq retirement { id status } } }
`);

export const FreezeTransfersMutation = graphql(`
  mutation FreezeTransfers($reason: String!) { freezeTransfers(input: { reason: $reason }) { ledgerSeq transfersFrozen } }
`);

export const UnfreezeTransfersMutation = graphql(`
  mutation UnfreezeTransfers { unfreezeTransfers { ledgerSeq transfersFrozen } }
`);
