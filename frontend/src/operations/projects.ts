// Projects, their certification, activities, monitoring reports and financing.
import { graphql } from "../gql";

export const ProjectsQuery = graphql(`
  query Projects($first: Int, $after: String, $search: String, $status: ProjectStatus, $sector: String) {
    projects(first: $first, after: $after, search: $search, status: $status, sector: $sector) {
      totalCount
      edges {
        cursor
        node {
          id number title externalId sector sectoralScope status createdAt
          owners { organisation { id name } percentage }
          certifiers { organisation { id name } status }
        }
      }
    }
  }
`);

export const ProjectQuery = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
      id number title externalId sector sectoralScope startDate endDate ghgs activityScope
      article6Trading buyerCountries estimatedCredits estimatedCost minimumCarbonPrice
      environmentalAssessmentNumber status statusReason serialPrefix createdAt viewerMay
      location { regions geometry }
      createdBy { id name }
      owners { organisation { id name } percentage }
      certifiers { organisation { id name } status assignedAt certifiedAt revokedAt revocationReason viewerMay }
      activities {
        id code type title methodology estimatedCredits verifiedCredits status statusReason createdAt viewerMay
        monitoringReports {
          id periodStart periodEnd claimedReductions verifiedQuantity status submittedAt viewerMay
          verifiedBy { id name }
        }
      }
      documents { id kind status filename version size uploadedAt decidedAt downloadPath viewerMay }
      financings { id fromName fromOrganisation { id name } amount currency instrument status viewerMay }
      history { seq type at }
    }
    creditBlocks(projectId: $id, first: 50) {
      edges { node { id serial quantity vintage status viewerMay holder { id name kind organisation { id } } } }
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) { ledgerSeq project { id title status } }
  }
`);

export const ApproveProjectMutation = graphql(`
  mutation ApproveProject($id: ID!) {
    approveProject(id: $id) { ledgerSeq project { id status } }
  }
`);

export const RejectProjectMutation = graphql(`
  mutation RejectProject($id: ID!, $reason: String!) {
    rejectProject(input: { id: $id, reason: $reason }) { ledgerSeq project { id status } }
  }
`);

export const AuthoriseProjectMutation = graphql(`
  mutation AuthoriseProject($id: ID!) {
    authoriseProject(id: $id) { ledgerSeq project { id status serialPrefix } }
  }
`);

export const AssignCertifierMutation = graphql(`
  mutation AssignCertifier($projectId: ID!, $certifierId: ID!) {
    assignCertifier(input: { projectId: $projectId, certifierId: $certifierId }) { ledgerSeq certifier { status } }
  }
`);

export const CertifyProjectMutation = graphql(`
  mutation CertifyProject($id: ID!) {
    certifyProject(id: $id) { ledgerSeq certifier { status } }
  }
`);

export const RevokeCertificationMutation = graphql(`
  mutation RevokeCertification($projectId: ID!, $certifierId: ID!, $reason: String!) {
    revokeCertification(input: { projectId: $projectId, certifierId: $certifierId, reason: $reason }) {
      ledgerSeq certifier { status }
    }
  }
`);

export const ActivitiesQuery = graphql(`
  query Activities($first: Int, $after: String, $search: String, $status: ActivityStatus) {
    activities(first: $first, after: $after, search: $search, status: $status) {
      totalCount
      edges {
        cursor
        node {
          id code type title status createdAt
          project { id title sector owners { organisation { id name } } }
        }
      }
    }
  }
`);

export const AddActivityMutation = graphql(`
  mutation AddActivity($input: AddActivityInput!) {
    addActivity(input: $input) { ledgerSeq activity { id code } }
  }
`);

export const ApproveActivityMutation = graphql(`
  mutation ApproveActivity($id: ID!) {
    approveActivity(id: $id) { ledgerSeq activity { id status } }
  }
`);

export const RejectActivityMutation = graphql(`
  mutation RejectActivity($id: ID!, $reason: String!) {
    rejectActivity(input: { id: $id, reason: $reason }) { ledgerSeq activity { id status } }
  }
`);

export const SubmitMonitoringReportMutation = graphql(`
  mutation SubmitMonitoringReport($input: SubmitMonitoringReportInput!) {
    submitMonitoringReport(input: $input) { ledgerSeq report { id status } }
  }
`);

export const VerifyMonitoringReportMutation = graphql(`
  mutation VerifyMonitoringReport($input: VerifyMonitoringReportInput!) {
    verifyMonitoringReport(input: $input) { ledgerSeq report { id status } }
  }
`);

export const FinancingsQuery = graphql(`
  query Financings($first: Int, $after: String, $status: FinancingStatus) {
    financings(first: $first, after: $after, status: $status) {
      totalCount
      edges {
        cursor
        node {
          id projectId fromName fromOrganisation { id name } amount currency instrument
          isPublic isInternational status createdAt viewerMay
        }
      }
    }
  }
`);

export const ApproveFinancingMutation = graphql(`
  mutation ApproveFinancing($id: ID!) { approveFinancing(id: $id) { ledgerSeq financing { id status } } }
`);

export const RejectFinancingMutation = graphql(`
  mutation RejectFinancing($id: ID!, $reason: String!) {
    rejectFinancing(input: { id: $id, reason: $reason }) { ledgerSeq financing { id status } }
  }
`);

export const CancelFinancingMutation = graphql(`
  mutation CancelFinancing($id: ID!) { cancelFinancing(id: $id) { ledgerSeq financing { id status } } }
`);

export const AcceptDocumentMutation = graphql(`
  mutation AcceptDocument($id: ID!) { acceptDocument(id: $id) { ledgerSeq document { id status } } }
`);

export const RequestFinancingMutation = graphql(`
  mutation RequestFinancing($input: RequestFinancingInput!) {
    requestFinancing(input: $input) { ledgerSeq financing { id status } }
  }
`);

export const RejectDocumentMutation = graphql(`
  mutation RejectDocument($id: ID!, $reason: String!) {
    rejectDocument(input: { id: $id, reason: $reason }) { ledgerSeq document { id status } }
  }
`);

export const ProjectTitleQuery = graphql(`
  query ProjectTitle($id: ID!) {
    project(id: $id) { id number title }
  }
`);
