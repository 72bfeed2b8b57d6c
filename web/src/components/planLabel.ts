import type { PlanListing } from '../api/types';
import { zh } from '../i18n/zh';

/**
 * How a plan is named in a picker: its title with issuer, year and version, so two plans of the same title
 * (a county's copy of the city's plan, last year's and this year's) can be told apart. Never its id.
 */
export function planLabel(p: Pick<PlanListing, 'title' | 'issuer' | 'year' | 'revision'>): string {
  return zh.plans.pickerLabel(p.title ?? zh.plans.untitled, p.issuer, p.year, p.revision);
}
