import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_FORMAT, type ModelFile } from '../../../src/risk/approval/model.js';
import { promoteModel, writeModelFile } from '../../../src/risk/approval/model-files.js';
import { PRIOR_APPROVAL_RATE } from '../../../src/risk/approval/prior.js';
import { loadApprovalScorer } from '../../../src/risk/approval/scorer.js';
import { sample } from '../../support/samples.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-approval-'));
  dirs.push(dir);
  return dir;
}

const priorauth = sample('5a-preauth-professional-request.json').json;
const request = { bundle: priorauth, sender: 'N-F-00001', recipient: 'N-I-00001', event: 'priorauth-request', receivedAt: 0 };

/** One tree: physiotherapy (the sample's service) is rejected with MN-1-1, everything else approved. */
function handModel(version: string, leafYes: number): ModelFile {
  return {
    format: MODEL_FORMAT,
    modelId: 'wasl-approval-gbdt',
    version,
    createdAt: new Date(0).toISOString(),
    global: {
      baseScore: 0,
      examples: 10,
      trees: [[{ token: 'svc=83620-00-10', yes: 1, no: 2, value: 0.5, reasonYes: 'MN-1-1' }, { leaf: leafYes }, { leaf: 2 }]],
    },
    perPayer: {},
    history: {},
  };
}

describe('loadApprovalScorer', () => {
  it('scores with the built-in prior before any model is trained, and only priorauth and claim requests', () => {
    const scorer = loadApprovalScorer(tempDir());
    const score = scorer.score(request)!;
    expect(score.probability).toBeCloseTo(PRIOR_APPROVAL_RATE, 10);
    expect(score).toMatchObject({ modelId: 'wasl-approval-prior', modelVersion: '0', reasons: [] });
    expect(scorer.score({ ...request, event: 'eligibility-request' })).toBeUndefined();
  });

  it('reports the promoted model, its contributions coded with the branch reason, and follows a promotion', () => {
    const dir = tempDir();
    let clock = 0;
    const first = handModel('v1', -3);
    writeModelFile(dir, first);
    promoteModel(dir, first);
    const scorer = loadApprovalScorer(dir, { now: () => clock });
    const score = scorer.score(request)!;
    expect(score.modelVersion).toBe('v1');
    expect(score.probability).toBeCloseTo(1 / (1 + Math.exp(3)), 10);
    expect(score.reasons).toEqual([{ code: 'MN-1-1', display: expect.any(String), contribution: -3.5, feature: 'svc=83620-00-10' }]);

    const second = handModel('v2', 1);
    writeModelFile(dir, second);
    promoteModel(dir, second);
    expect(scorer.score(request)!.modelVersion).toBe('v1'); // stat'ed at most once a second
    clock += 1001;
    const after = scorer.score(request)!;
    expect(after.modelVersion).toBe('v2');
    expect(after.reasons).toEqual([]);
  });

  it('keeps scoring with the model it has when a promoted file cannot be read, and says so with a code', () => {
    const dir = tempDir();
    let clock = 0;
    const problems: unknown[] = [];
    const first = handModel('v1', -3);
    writeModelFile(dir, first);
    promoteModel(dir, first);
    const scorer = loadApprovalScorer(dir, { now: () => clock, onError: (p) => problems.push(p) });
    writeFileSync(join(dir, 'models', 'approval-v2.json'), '{"format":"wasl-approval-model/99"}');
    promoteModel(dir, { ...first, version: 'v2' });
    clock += 1001;
    expect(scorer.score(request)!.modelVersion).toBe('v1');
    expect(problems).toEqual([expect.objectContaining({ code: 'WASL_ERR_MODEL_FORMAT' })]);
    clock += 1001;
    scorer.score(request);
    expect(problems).toHaveLength(1); // told once per change of the pointer
  });
});
