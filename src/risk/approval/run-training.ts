/**
 * `wasl train --from-store` as a library call: read the decisions from the store, train and
 * evaluate against the model in use, write the new versioned model file and promote it when it is
 * better (nothing is written on a dry run). The end-to-end test calls this in process.
 */
import { readLabelledRequests, type DatasetCounts, type DatasetSource } from './dataset.js';
import { promoteModel, readPromotedModel, writeModelFile } from './model-files.js';
import { PRIOR_MODEL } from './prior.js';
import { trainApprovalModel, type TrainingReport, type TrainOptions } from './train.js';

export interface TrainingRun {
  readonly counts: DatasetCounts;
  readonly report: TrainingReport;
  /** The versioned model file written (undefined on a dry run). */
  readonly path: string | undefined;
  readonly promoted: boolean;
}

export async function trainFromStore(
  dataDir: string,
  store: DatasetSource,
  options: TrainOptions & { readonly dryRun?: boolean; readonly progress?: (done: number, total: number) => void } = {},
): Promise<TrainingRun> {
  const { requests, counts } = await readLabelledRequests(store, options.progress);
  const current = readPromotedModel(dataDir) ?? PRIOR_MODEL;
  const { model, report } = trainApprovalModel(requests, current, options);
  if (options.dryRun) return { counts, report, path: undefined, promoted: false };
  const path = writeModelFile(dataDir, model);
  if (report.promote) promoteModel(dataDir, model, options.now);
  return { counts, report, path, promoted: report.promote };
}
