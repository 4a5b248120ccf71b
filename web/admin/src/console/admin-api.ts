// The shop console's API (src/contracts/admin.ts) for one shop: every path under
// /api/v1/admin/shops/:shop, writes to versioned items with If-Match (conflict.ts).
import type {
  AttributesDto,
  AuditList,
  Changes,
  DraftDto,
  FaqBody,
  FaqEntryDto,
  FaqList,
  FlowCheck,
  FlowDto,
  FlowList,
  NewStaffBody,
  ProductBody,
  ProductDto,
  ProductList,
  PublishResult,
  ReleaseDto,
  SettingsBody,
  SettingsDto,
  SimulateResult,
  StaffAdminDto,
  StaffList,
  StaffPatch,
  TagsDto,
  TryResult,
  VariantPatch,
} from '../../../../src/contracts/admin.js';
import { request } from '../../../shared/api.js';
import { ifMatch } from './conflict.js';

/** A query string of the values given (undefined and '' left out). */
function query(values: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const e = encodeURIComponent;

export function adminApi(shop: string) {
  const b = `/api/v1/admin/shops/${e(shop)}`;
  return {
    // knowledge base
    faqList: (q: { q?: string; tag?: string; offset: number; limit: number }) => request<FaqList>('GET', `${b}/faq${query(q)}`),
    faqGet: (id: string) => request<FaqEntryDto>('GET', `${b}/faq/${e(id)}`),
    faqPut: (id: string, body: FaqBody, version?: number) => request<FaqEntryDto>('PUT', `${b}/faq/${e(id)}`, body, ifMatch(version)),
    faqDelete: (id: string, version: number) => request<{ id: string; deleted: true }>('DELETE', `${b}/faq/${e(id)}`, undefined, ifMatch(version)),
    faqImportUrl: (dryRun: boolean) => `${b}/faq/import?dry_run=${dryRun}`,
    faqCsvUrl: `${b}/faq.csv`,
    // catalog
    products: (q: { q?: string; offset: number; limit: number }) => request<ProductList>('GET', `${b}/products${query(q)}`),
    productGet: (id: string) => request<ProductDto>('GET', `${b}/products/${e(id)}`),
    productPut: (id: string, body: ProductBody, version: number) => request<ProductDto>('PUT', `${b}/products/${e(id)}`, body, ifMatch(version)),
    variantPatch: (id: string, sku: string, patch: VariantPatch, version: number) => request<ProductDto>('PATCH', `${b}/products/${e(id)}/variants/${e(sku)}`, patch, ifMatch(version)),
    attributes: () => request<AttributesDto>('GET', `${b}/attributes`),
    attributesPut: (attributes: AttributesDto['attributes'], version: number) => request<AttributesDto>('PUT', `${b}/attributes`, { attributes }, ifMatch(version)),
    productsCsvUrl: `${b}/products.csv`,
    productsImportUrl: (dryRun: boolean) => `${b}/products/import?dry_run=${dryRun}`,
    // flows
    flows: () => request<FlowList>('GET', `${b}/flows`),
    flowGet: (id: string) => request<FlowDto>('GET', `${b}/flows/${e(id)}`),
    flowPut: (id: string, yaml: string, version?: number) => request<FlowDto>('PUT', `${b}/flows/${e(id)}`, { yaml }, ifMatch(version)),
    flowDelete: (id: string, version: number) => request<{ id: string; deleted: true }>('DELETE', `${b}/flows/${e(id)}`, undefined, ifMatch(version)),
    flowValidate: (yaml: string) => request<FlowCheck>('POST', `${b}/flows/validate`, { yaml }),
    sopSchema: () => request<unknown>('GET', `${b}/sop-schema`),
    simulate: (body: { messages: string[]; productId?: string; customerId?: string }) => request<SimulateResult>('POST', `${b}/simulate`, body),
    // try a sentence
    tryText: (body: { text: string; productId?: string }) => request<TryResult>('POST', `${b}/try`, body),
    // drafts and releases
    /** With `check`, the draft's problems too (the server compiles it): the publish page asks, the header does not. */
    draft: (check = false) => request<DraftDto>('GET', `${b}/draft${check ? '?check=true' : ''}`),
    publishCheck: () => request<PublishResult>('POST', `${b}/publish/check`),
    publish: (body: { confirm?: boolean; note?: string }) => request<PublishResult>('POST', `${b}/publish`, body),
    releases: () => request<{ releases: ReleaseDto[] }>('GET', `${b}/releases`),
    releaseDiff: (release: string, against?: string) => request<Changes>('GET', `${b}/releases/${e(release)}/diff${query({ against })}`),
    rollback: (release: string) => request<{ releaseId: string; previous: string | null }>('POST', `${b}/releases/${e(release)}/rollback`),
    // team
    staff: () => request<StaffList>('GET', `${b}/staff`),
    staffCreate: (body: NewStaffBody) => request<StaffAdminDto>('POST', `${b}/staff`, body),
    staffPatch: (id: string, patch: StaffPatch) => request<StaffAdminDto>('PATCH', `${b}/staff/${e(id)}`, patch),
    staffPassword: (id: string, password: string) => request<undefined>('POST', `${b}/staff/${e(id)}/password`, { password }),
    // settings
    settings: () => request<SettingsDto>('GET', `${b}/settings`),
    settingsPut: (body: SettingsBody, version: number) => request<SettingsDto>('PUT', `${b}/settings`, body, ifMatch(version)),
    tags: () => request<TagsDto>('GET', `${b}/tags`),
    tagsPut: (yaml: string, version: number) => request<TagsDto>('PUT', `${b}/tags`, { yaml }, ifMatch(version)),
    // audit
    audit: (q: { offset: number; limit: number }) => request<AuditList>('GET', `${b}/audit${query(q)}`),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
