// Every staff step of the four services, as the workbench offers it: which role acts at which
// step of which service, what the step asks for, and the call it becomes. The runtime decides
// again whether the signer may act (role, agency, posting, conflict of interest); this table
// only decides which form to show. Documents (reports, findings, conclusions) are encrypted in
// the browser before they leave it (see `documents.ts` in this folder).
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Key } from '../i18n';

export type FieldKind =
  /** A written document (and optionally an attached file), encrypted and cited by CID. */
  | 'document'
  | 'yesNo'
  | 'yuan'
  | 'count'
  | 'grade'
  /** An optional agency of `agencyKind` to refer the case to. */
  | 'agency'
  /** Doctors (ConsultationDoctor staff), several. */
  | 'doctors'
  /** 32 bytes, hex. */
  | 'salt'
  /** A consultation team's conclusion reference (CID, grade and salt in one string). */
  | 'conclusion';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: Key;
  help?: Key;
  optional?: boolean;
  agencyKind?: string;
}

/** What a form's fields turned into: documents as chain CIDs (hex), amounts in fen. */
export type Values = Record<string, string | number | boolean | string[] | null>;

export interface StepAction {
  id: string;
  label: Key;
  /** The chain's service names this action belongs to ('*' for every service). */
  services: string[];
  /** The steps it is offered at (or 'managed': an approved case, active or suspended). */
  steps: string[] | 'managed';
  /** The role that acts ('assignee': whichever role the step waits for; 'managing': the
   * service's managing role); the collective's steps are on the review panel instead. */
  role: string;
  /** Only while the case has this status (e.g. resume a suspended case). */
  status?: string;
  fields: FieldSpec[];
  build(api: ApiPromise, id: number, v: Values): SubmittableExtrinsic<'promise'>;
}

const report = (label: Key = 'field.report'): FieldSpec => ({ name: 'report', kind: 'document', label });
const referral = (agencyKind: string): FieldSpec => ({ name: 'referTo', kind: 'agency', label: 'field.referTo', help: 'field.referTo.help', optional: true, agencyKind });
const some = (v: Values[string]) => (v === null || v === undefined || v === '' ? null : v);

export const ACTIONS: StepAction[] = [
  // ----- social assistance and the minimum living guarantee: civil affairs, committee, accountant
  {
    id: 'accept',
    label: 'action.accept',
    services: ['SocialAssistance', 'MinimumLiving'],
    steps: ['Acceptance'],
    role: 'CivilAffairsOfficer',
    fields: [referral('NeighborhoodCommittee')],
    build: (api, id, v) =>
      (v.service === 'MinimumLiving' ? api.tx.minimumLiving : api.tx.assistance).accept(id, some(v.referTo)),
  },
  {
    id: 'inspect',
    label: 'action.inspect',
    services: ['SocialAssistance', 'MinimumLiving'],
    steps: ['HouseholdInspection'],
    role: 'NeighborhoodCommitteeMember',
    fields: [
      report('field.inspectionReport'),
      { name: 'confirmed', kind: 'yesNo', label: 'field.confirmed', help: 'field.confirmed.help' },
      referral('SubDistrictOffice'),
    ],
    build: (api, id, v) =>
      (v.service === 'MinimumLiving' ? api.tx.minimumLiving : api.tx.assistance).inspect(id, v.report, v.confirmed, some(v.referTo)),
  },
  {
    id: 'accountAid',
    label: 'action.accountIncome',
    services: ['SocialAssistance'],
    steps: ['IncomeAccounting'],
    role: 'SubDistrictAccountant',
    fields: [
      report('field.accountingSheet'),
      { name: 'assessedIncome', kind: 'yuan', label: 'field.assessedIncome', help: 'field.assessedIncome.help' },
      { name: 'monthlyAmount', kind: 'yuan', label: 'field.monthlyAmount', help: 'field.monthlyAmount.help' },
    ],
    build: (api, id, v) => api.tx.assistance.accountIncome(id, v.report, v.assessedIncome, v.monthlyAmount),
  },
  {
    id: 'accountGuarantee',
    label: 'action.accountIncome',
    services: ['MinimumLiving'],
    steps: ['IncomeAccounting'],
    role: 'SubDistrictAccountant',
    fields: [report('field.accountingSheet'), { name: 'assessedIncome', kind: 'yuan', label: 'field.assessedIncome', help: 'field.assessedIncome.help' }],
    build: (api, id, v) => api.tx.minimumLiving.accountIncome(id, v.report, v.assessedIncome),
  },
  {
    id: 'concludeNotice',
    label: 'action.concludeNotice',
    services: ['MinimumLiving'],
    steps: ['PublicNotice'],
    role: 'CivilAffairsOfficer',
    fields: [],
    build: (api, id) => api.tx.minimumLiving.concludeNotice(id),
  },
  {
    id: 'resolveObjection',
    label: 'action.resolveObjection',
    services: ['MinimumLiving'],
    steps: ['ObjectionReview'],
    role: 'CivilAffairsOfficer',
    fields: [
      report('field.finding'),
      { name: 'upheld', kind: 'yesNo', label: 'field.upheld', help: 'field.upheld.help' },
    ],
    build: (api, id, v) => api.tx.minimumLiving.resolveObjection(id, v.upheld, v.report),
  },
  {
    id: 'recheck',
    label: 'action.recheck',
    services: ['MinimumLiving'],
    steps: ['AnnualRecheck'],
    role: 'CivilAffairsOfficer',
    fields: [
      report('field.recheckReport'),
      { name: 'householdIncome', kind: 'yuan', label: 'field.householdIncome', help: 'field.householdIncome.recheck' },
      { name: 'members', kind: 'count', label: 'field.members' },
    ],
    build: (api, id, v) => api.tx.minimumLiving.recheck(id, v.report, v.householdIncome, v.members),
  },
  // ----- social welfare: county department, consultation doctors, welfare institute
  {
    id: 'acceptWelfare',
    label: 'action.accept',
    services: ['SocialWelfare'],
    steps: ['Acceptance'],
    role: 'CountyWelfareOfficer',
    fields: [{ name: 'referTo', kind: 'agency', label: 'field.institute', help: 'field.institute.help', optional: true, agencyKind: 'WelfareInstitute' }],
    build: (api, id, v) => api.tx.welfare.accept(id, some(v.referTo)),
  },
  {
    id: 'formTeam',
    label: 'action.formTeam',
    services: ['SocialWelfare'],
    steps: ['ConsultationTeam'],
    role: 'CountyWelfareOfficer',
    fields: [{ name: 'doctors', kind: 'doctors', label: 'field.doctors', help: 'field.doctors.help' }],
    build: (api, id, v) => api.tx.welfare.formTeam(id, v.doctors),
  },
  {
    id: 'verifyIdentity',
    label: 'action.verifyIdentity',
    services: ['SocialWelfare'],
    steps: ['MedicalExamination'],
    role: 'ConsultationDoctor',
    fields: [],
    // The photo the applicant presents is compared with the registered one; the registered
    // photo's CID is what the doctor confirms (filled in by the form).
    build: (api, id, v) => api.tx.welfare.verifyIdentity(id, v.photo),
  },
  {
    id: 'conclude',
    label: 'action.conclude',
    services: ['SocialWelfare'],
    steps: ['MedicalExamination'],
    role: 'ConsultationDoctor',
    fields: [{ name: 'conclusion', kind: 'conclusion', label: 'field.conclusion', help: 'field.conclusion.help' }],
    build: (api, id, v) => api.tx.welfare.conclude(id, v.conclusionCid, v.grade, v.salt),
  },
  {
    id: 'handle',
    label: 'action.handle',
    services: ['SocialWelfare'],
    steps: ['WelfareHandling'],
    role: 'WelfareInstituteOfficer',
    fields: [
      { name: 'grade', kind: 'grade', label: 'field.grade', help: 'field.grade.help' },
      { name: 'conclusionSalt', kind: 'salt', label: 'field.conclusionSalt', help: 'field.conclusionSalt.help' },
      { name: 'monthlyIncome', kind: 'yuan', label: 'field.declaredIncome', help: 'field.declaredIncome.help' },
      { name: 'declarationSalt', kind: 'salt', label: 'field.declarationSalt', help: 'field.declarationSalt.help' },
    ],
    build: (api, id, v) =>
      api.tx.welfare.handle(id, {
        grade: v.grade,
        conclusionSalt: v.conclusionSalt,
        monthlyIncome: v.monthlyIncome,
        declarationSalt: v.declarationSalt,
      }),
  },
  // ----- any service: turning an application down at its acceptance, the joint decision, and
  // managing an approved case
  {
    id: 'decline',
    label: 'action.decline',
    services: ['*'],
    steps: ['Acceptance'],
    role: 'assignee',
    fields: [report('field.declineReason')],
    build: (api, id, v) => api.tx.cases.decline(id, v.report),
  },
  {
    id: 'decideJointly',
    label: 'action.decideJointly',
    services: ['*'],
    steps: ['JointDecision'],
    role: '*',
    fields: [{ name: 'allow', kind: 'yesNo', label: 'field.allow', help: 'field.allow.help' }],
    build: (api, id, v) => api.tx.cases.decideJointly(id, v.allow),
  },
  {
    id: 'suspend',
    label: 'action.suspend',
    services: ['*'],
    steps: 'managed',
    status: 'Active',
    role: 'managing',
    fields: [report('field.reason')],
    build: (api, id, v) => api.tx.cases.suspend(id, v.report),
  },
  {
    id: 'resume',
    label: 'action.resume',
    services: ['*'],
    steps: 'managed',
    status: 'Suspended',
    role: 'managing',
    fields: [],
    build: (api, id) => api.tx.cases.resume(id),
  },
  {
    id: 'end',
    label: 'action.end',
    services: ['*'],
    steps: 'managed',
    role: 'managing',
    fields: [report('field.reason')],
    build: (api, id, v) => api.tx.cases.end(id, v.report),
  },
];

/** The role that manages an approved case of each service (the runtime's `managing_role`). */
export const MANAGING_ROLE: Record<string, string> = {
  SocialInsurance: 'SocialInsuranceOfficer',
  SocialAssistance: 'CivilAffairsOfficer',
  SocialWelfare: 'WelfareInstituteOfficer',
  MinimumLiving: 'CivilAffairsOfficer',
};
