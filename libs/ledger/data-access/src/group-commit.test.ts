import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import type { PostingEngine, PostingOutcome, PostingRequest } from './posting-engine';

describe('GroupCommit', () => {
  it('tells onGroup the size of each group it sends: lone calls at once, the ones that waited together', async () => {
    const uncommitted: (() => void)[] = [];
    const engine = {
      post: (requests: readonly PostingRequest[]) =>
        new Promise<PostingOutcome[]>((resolve) => uncommitted.push(() => resolve(requests.map(() => ({ ok: true }) as unknown as PostingOutcome)))),
    } as unknown as PostingEngine;
    const commitAll = () => uncommitted.splice(0).forEach((commit) => commit());
    const sent: number[] = [];
    const groups = new GroupCommit(engine, { concurrency: 2, onGroup: (size) => sent.push(size) });

    const posted = Array.from({ length: 5 }, () => groups.post({} as PostingRequest));
    expect(sent).toEqual([1, 1]);
    commitAll();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([1, 1, 3]);
    commitAll();
    await Promise.all(posted);
  });
});
