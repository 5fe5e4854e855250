import { describe, expect, it } from 'vitest';
import { added, copy, ext, extIndex, findingsOf, money, EXT } from './helpers.js';

const PRO = '10-claim-professional-request.json';
const SHADOW = '19-shadow-billing.json';
const at = (sub: string) => `Bundle.entry[1].resource.${sub}`;

/** Sample 19's non-package item with one consistent detail: 1 × 850 + 150 tax = 1000. */
function withDetail(): any {
  const bundle = copy(SHADOW);
  const item = bundle.entry[1].resource.item[1];
  item.detail = [
    {
      sequence: 1,
      extension: [{ url: `${EXT}tax`, valueMoney: money(150) }],
      productOrService: structuredClone(item.productOrService),
      quantity: { value: 1 },
      unitPrice: money(850),
      net: money(1000),
    },
  ];
  return bundle;
}

describe('net = quantity × unitPrice × factor + tax (implementation guide 4.2)', () => {
  it('every official claim and prior authorization adds up', () => {
    for (const file of [PRO, SHADOW, '11-claim-vision-request.json', '7a-claim-dental-request.json', '2a-first-preauth-dental-request-with-multiple-items.json']) {
      expect(findingsOf(copy(file))).toEqual([]);
    }
  });
  it('BV-00251: item net that is not quantity × unitPrice × factor + tax', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.item[0].unitPrice.value = 100;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00251', expression: at('item[0].net') }]);
  });
  it('BV-00251: a factor applies, and one halala of rounding is allowed, two are not', () => {
    const bundle = copy(PRO);
    const item = bundle.entry[1].resource.item[0];
    item.quantity.value = 1.5;
    item.factor = 0.9; // 1.5 × 106 × 0.9 = 143.1, + 15.9 tax = 159
    item.net.value = 159.01;
    bundle.entry[1].resource.total.value = 159.01;
    expect(findingsOf(bundle)).toEqual([]);
    item.net.value = 159.02;
    bundle.entry[1].resource.total.value = 159.02;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00251', expression: at('item[0].net') }]);
  });
  it('BV-00251: missing factor is 1 and missing tax is 0', () => {
    const bundle = copy(PRO);
    const item = bundle.entry[1].resource.item[0];
    item.extension.splice(extIndex(item, 'tax'), 1);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00251', expression: at('item[0].net') }]);
    item.net.value = 106;
    bundle.entry[1].resource.total.value = 106;
    expect(findingsOf(bundle)).toEqual([]);
  });
  it('BV-00434: detail net that is not quantity × unitPrice × factor + tax', () => {
    const bundle = copy(SHADOW);
    bundle.entry[1].resource.item[0].detail[0].net.value = 5;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00434', expression: at('item[0].detail[0].net') }]);
  });
  it('BV-00435: sub-detail net that is not quantity × unitPrice × factor + tax', () => {
    const bundle = copy(SHADOW);
    const detail = bundle.entry[1].resource.item[0].detail[0];
    detail.subDetail = [{ sequence: 1, productOrService: structuredClone(detail.productOrService), quantity: { value: 1 }, unitPrice: money(0), net: money(0) }];
    expect(findingsOf(bundle)).toEqual([]);
    detail.subDetail[0].net.value = 5;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00435', expression: at('item[0].detail[0].subDetail[0].net') }]);
  });
});

describe('sums of nets, totals and package prices', () => {
  it('BV-00059: Claim.total is not the sum of the item nets', () => {
    const bundle = copy('2a-first-preauth-dental-request-with-multiple-items.json');
    bundle.entry[1].resource.total.value = 2070.01;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00059', expression: at('total') }]);
  });
  it('BV-00059: decimal amounts are added in halalas, not in floating point', () => {
    const bundle = copy('2a-first-preauth-dental-request-with-multiple-items.json');
    const claim = bundle.entry[1].resource;
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    [0.1, 0.2].forEach((v, i) => {
      claim.item[i].unitPrice.value = v;
      claim.item[i].net.value = v;
      claim.item[i].extension[extIndex(claim.item[i], 'tax')].valueMoney.value = 0;
    });
    claim.total.value = 1495.3;
    expect(findingsOf(bundle)).toEqual([]);
  });
  it('a non-package item with a consistent detail passes', () => {
    expect(findingsOf(withDetail())).toEqual([]);
  });
  it('BV-00224: a non-package item net is not the sum of its detail nets', () => {
    const bundle = withDetail();
    const detail = bundle.entry[1].resource.item[1].detail[0];
    detail.net.value = 999;
    detail.extension[0].valueMoney.value = 149;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00224', expression: at('item[1].net') }]);
  });
  it('BV-00372: a non-package item unitPrice is not the sum of its detail unit prices', () => {
    const bundle = withDetail();
    const detail = bundle.entry[1].resource.item[1].detail[0];
    detail.unitPrice.value = 800;
    detail.extension[0].valueMoney.value = 200;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00372', expression: at('item[1].unitPrice') }]);
  });
  it('BV-00254 and BV-00433: a detail net is not the sum of its sub-detail nets', () => {
    const bundle = withDetail();
    const detail = bundle.entry[1].resource.item[1].detail[0];
    detail.subDetail = [{ sequence: 1, productOrService: structuredClone(detail.productOrService), quantity: { value: 1 }, unitPrice: money(1000), net: money(1000) }];
    expect(findingsOf(bundle)).toEqual([]);
    detail.subDetail[0].unitPrice.value = 900;
    detail.subDetail[0].net.value = 900;
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00254', expression: at('item[1].detail[0].net') },
      { code: 'BV-00433', expression: at('item[1].detail[0].net') },
    ]);
  });
  it('BV-00433 leaves shadow billing (sub-details at zero price) to BV-00254', () => {
    const bundle = withDetail();
    const detail = bundle.entry[1].resource.item[1].detail[0];
    detail.subDetail = [{ sequence: 1, productOrService: structuredClone(detail.productOrService), quantity: { value: 1 }, unitPrice: money(0), net: money(0) }];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00254', expression: at('item[1].detail[0].net') }]);
  });
  it('BV-00036: a package item without details', () => {
    const bundle = copy(SHADOW);
    delete bundle.entry[1].resource.item[0].detail;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00036', expression: at('item[0]') }]);
  });
  it('BV-00482: a factor of zero', () => {
    const bundle = copy(PRO);
    const claim = bundle.entry[1].resource;
    claim.item[0].factor = 0;
    claim.item[0].net.value = 15.9;
    claim.total.value = 15.9;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00482', expression: at('item[0].factor') }]);
  });
  it('BV-00932: service 73050-18-50 claimed with quantity 2', () => {
    const bundle = copy(PRO);
    const claim = bundle.entry[1].resource;
    claim.item[0].productOrService.coding[0].code = '73050-18-50';
    const before = findingsOf(bundle);
    claim.item[0].quantity.value = 2;
    claim.item[0].net.value = 227.9;
    claim.total.value = 227.9;
    expect(findingsOf(bundle)).toEqual([...before, { code: 'BV-00932', expression: at('item[0].quantity') }]);
  });
  it('BV-00374: a ClaimResponse total that is not the sum of its item adjudications', () => {
    const original = copy('7b-claim-response.json');
    const bundle = structuredClone(original);
    const benefit = bundle.entry[1].resource.total.findIndex((t: any) => t.category.coding[0].code === 'benefit');
    bundle.entry[1].resource.total[benefit].amount.value = 171;
    expect(added(original, bundle)).toEqual([{ code: 'BV-00374', expression: at(`total[${benefit}].amount`) }]);
  });
  it('BV-00374: the official prior-authorization responses add up', () => {
    for (const file of ['2b-first-response-for-first-preauth-dental-request.json', '2d-first-response-for-second-preauth-dental-request.json', '2e-second-response-for-second-preauth-dental-request.json', '5b-preauth-professional-response.json']) {
      expect(findingsOf(copy(file)).filter((f) => f.code === 'BV-00374' || f.code === 'GE-00028')).toEqual([]);
    }
  });
});

describe('GE-00028: amounts have at most two decimals', () => {
  it('flags a unit price with a fraction of a halala', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.item[0].unitPrice.value = 106.005;
    expect(findingsOf(bundle)).toEqual([{ code: 'GE-00028', expression: at('item[0].unitPrice') }]);
  });
  it('flags a tax amount given to three decimals', () => {
    const bundle = copy(PRO);
    const item = bundle.entry[1].resource.item[0];
    ext(item, 'tax').valueMoney.value = 15.904;
    expect(findingsOf(bundle)).toEqual([{ code: 'GE-00028', expression: at(`item[0].extension[${extIndex(item, 'tax')}].valueMoney`) }]);
  });
  it('flags a payer amount in a response', () => {
    const original = copy('7b-claim-response.json');
    const bundle = structuredClone(original);
    bundle.entry[1].resource.item[0].adjudication[0].amount.value = 230.001;
    expect(added(original, bundle)).toEqual([{ code: 'GE-00028', expression: at('item[0].adjudication[0].amount') }]);
  });
});

describe('currency SHALL be SAR', () => {
  const cases: { id: string; file: string; path: (claim: any) => string }[] = [
    { id: 'BV-00086', file: PRO, path: (c) => `item[0].extension[${extIndex(c.item[0], 'tax')}].valueMoney` },
    { id: 'BV-00087', file: '16-batch-request.json', path: () => '' },
    { id: 'BV-00088', file: PRO, path: (c) => `item[0].extension[${extIndex(c.item[0], 'patient-share')}].valueMoney` },
    { id: 'BV-00092', file: PRO, path: () => 'item[0].unitPrice' },
    { id: 'BV-00093', file: PRO, path: () => 'item[0].net' },
    { id: 'BV-00094', file: SHADOW, path: () => 'item[0].detail[0].unitPrice' },
    { id: 'BV-00095', file: SHADOW, path: () => 'item[0].detail[0].net' },
    { id: 'BV-00096', file: PRO, path: () => 'total' },
  ];
  for (const c of cases.filter((c) => c.id !== 'BV-00087')) {
    it(`${c.id}: ${c.path(copy(c.file).entry[1].resource)} in USD`, () => {
      const bundle = copy(c.file);
      const claim = bundle.entry[1].resource;
      const path = c.path(claim);
      const target = path.split(/\.|\[|\]/).filter(Boolean).reduce((node: any, key) => node[/^\d+$/.test(key) ? Number(key) : key], claim);
      target.currency = 'USD';
      expect(findingsOf(bundle)).toEqual([{ code: c.id, expression: at(`${path}.currency`) }]);
    });
  }
  it('BV-00087: payer share in USD (a claim of the official batch)', () => {
    const bundle = copy('16-batch-request.json');
    const claim = bundle.entry[1].resource.entry[1].resource;
    const i = extIndex(claim.item[0], 'payer-share');
    claim.item[0].extension[i].valueMoney.currency = 'USD';
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00087', expression: `Bundle.entry[1].resource.entry[1].resource.item[0].extension[${i}].valueMoney.currency` },
    ]);
  });
  it('BV-00089: detail tax in USD', () => {
    const bundle = copy(SHADOW);
    bundle.entry[1].resource.item[0].detail[0].extension = [{ url: `${EXT}tax`, valueMoney: money(0, 'USD') }];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00089', expression: at('item[0].detail[0].extension[0].valueMoney.currency') }]);
  });
  it('BV-00090: Coverage.costToBeneficiary in USD', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.costToBeneficiary = [{ valueMoney: money(20, 'USD') }];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00090', expression: 'Bundle.entry[5].resource.costToBeneficiary[0].valueMoney.currency' }]);
  });
});
