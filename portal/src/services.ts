// The four services as the portal offers them: which agency handles an application, which
// documents and figures its form asks for, and how the form becomes the call's argument. The
// shape of each form is the metadata's; only the field names are written here.
import type { Key } from './i18n';

export type ServiceId = 'insurance' | 'assistance' | 'welfare' | 'minimumLiving';

export interface DocumentField {
  /** The form's CID field (the named document), or undefined for an extra document. */
  field?: string;
  label: Key;
  required: boolean;
}

export interface FigureField {
  name: string;
  label: Key;
  help: Key;
  kind: 'yuan' | 'ratio' | 'employment' | 'card';
}

export interface ServiceSpec {
  id: ServiceId;
  /** The pallet's name in the metadata (api.tx.<pallet>). */
  pallet: 'insurance' | 'assistance' | 'welfare' | 'minimumLiving';
  /** The chain's name of the service (`Service` in the case). */
  chainName: string;
  /** Citizen roles that may apply. */
  roles: string[];
  /** Kind of the agency an application is filed with. */
  agencyKind: string;
  title: Key;
  summary: Key;
  /** What is needed, in plain words (the paper's algorithm). */
  needs: Key[];
  /** The form's CID field that holds the generated form document (figures, salt, statement). */
  formField: string;
  /** Documents the citizen uploads, besides the generated form. */
  documents: DocumentField[];
  figures: FigureField[];
  /** Whether the form lists the household (from the citizen's registration). */
  household: boolean;
}

export const SERVICES: ServiceSpec[] = [
  {
    id: 'insurance',
    pallet: 'insurance',
    chainName: 'SocialInsurance',
    roles: ['InsuredEmployee', 'Enterprise'],
    agencyKind: 'SocialInsuranceAgency',
    title: 'service.insurance',
    summary: 'service.insurance.summary',
    needs: ['needs.insurance.form', 'needs.insurance.income', 'needs.insurance.ratio', 'needs.insurance.balance'],
    formField: 'formCid',
    documents: [{ field: 'photoCid', label: 'doc.photo', required: true }],
    figures: [
      { name: 'card', label: 'figure.card', help: 'figure.card.help', kind: 'card' },
      { name: 'monthlyIncome', label: 'figure.monthlyIncome', help: 'figure.monthlyIncome.insurance', kind: 'yuan' },
      { name: 'paymentRatio', label: 'figure.paymentRatio', help: 'figure.paymentRatio.help', kind: 'ratio' },
    ],
    household: false,
  },
  {
    id: 'assistance',
    pallet: 'assistance',
    chainName: 'SocialAssistance',
    roles: ['AidApplicant'],
    agencyKind: 'CivilAffairsDepartment',
    title: 'service.assistance',
    summary: 'service.assistance.summary',
    needs: ['needs.household', 'needs.assistance.income', 'needs.assistance.steps'],
    formField: 'familyInfoCid',
    documents: [{ label: 'doc.incomeProof', required: false }],
    figures: [
      { name: 'monthlyIncome', label: 'figure.householdIncome', help: 'figure.householdIncome.help', kind: 'yuan' },
      { name: 'propertyValue', label: 'figure.propertyValue', help: 'figure.propertyValue.help', kind: 'yuan' },
      { name: 'employment', label: 'figure.employment', help: 'figure.employment.help', kind: 'employment' },
    ],
    household: true,
  },
  {
    id: 'welfare',
    pallet: 'welfare',
    chainName: 'SocialWelfare',
    roles: ['WelfareApplicant'],
    agencyKind: 'CountyWelfareDepartment',
    title: 'service.welfare',
    summary: 'service.welfare.summary',
    needs: ['needs.welfare.documents', 'needs.welfare.income', 'needs.welfare.steps'],
    formField: 'personalInfoCid',
    documents: [
      { field: 'medicalRecordsCid', label: 'doc.medicalRecords', required: true },
      { field: 'injuryProofCid', label: 'doc.injuryProof', required: true },
    ],
    figures: [{ name: 'monthlyIncome', label: 'figure.monthlyIncome', help: 'figure.monthlyIncome.welfare', kind: 'yuan' }],
    household: false,
  },
  {
    id: 'minimumLiving',
    pallet: 'minimumLiving',
    chainName: 'MinimumLiving',
    roles: ['MinimumLivingApplicant'],
    agencyKind: 'CivilAffairsDepartment',
    title: 'service.minimumLiving',
    summary: 'service.minimumLiving.summary',
    needs: ['needs.household', 'needs.minimumLiving.income', 'needs.minimumLiving.notice'],
    formField: 'householdInfoCid',
    documents: [{ label: 'doc.incomeProof', required: false }],
    figures: [
      { name: 'householdIncome', label: 'figure.householdIncome', help: 'figure.householdIncome.help', kind: 'yuan' },
      { name: 'propertyValue', label: 'figure.propertyValue', help: 'figure.propertyValue.help', kind: 'yuan' },
    ],
    household: true,
  },
];

export function service(id: string): ServiceSpec | undefined {
  return SERVICES.find((s) => s.id === id);
}

export function serviceByChainName(name: string): ServiceSpec | undefined {
  return SERVICES.find((s) => s.chainName === name);
}

/** Citizen roles and the agency kind that verifies each (the runtime's `AgencyKind::may_verify`). */
export const CITIZEN_ROLES: { role: string; label: Key; verifiedBy: string[] }[] = [
  { role: 'InsuredEmployee', label: 'role.InsuredEmployee', verifiedBy: ['SocialInsuranceAgency'] },
  { role: 'Enterprise', label: 'role.Enterprise', verifiedBy: ['SocialInsuranceAgency'] },
  { role: 'AidApplicant', label: 'role.AidApplicant', verifiedBy: ['CivilAffairsDepartment'] },
  { role: 'MinimumLivingApplicant', label: 'role.MinimumLivingApplicant', verifiedBy: ['CivilAffairsDepartment'] },
  { role: 'WelfareApplicant', label: 'role.WelfareApplicant', verifiedBy: ['WelfareInstitute', 'CountyWelfareDepartment'] },
];
