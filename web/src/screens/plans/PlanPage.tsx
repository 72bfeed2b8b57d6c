import { lazy, Suspense } from 'react';
import { useParams } from 'react-router-dom';
import { plans } from '../../api/endpoints';
import { useSession } from '../../auth/session';
import { LoadError, NotFound } from '../../components/ErrorResult';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../hooks/useLoad';
import { LedgerPage } from '../ledger/LedgerPage';
import { RevisionReview } from '../revision/RevisionReview';

// The review screen and the office's tools load only for the office: a leader opening the ledger does not
// wait for them, nor does the office's ledger wait for the review screen.
const ReviewPage = lazy(() => import('../review/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const PlanTools = lazy(() => import('./tools/PlanTools').then((m) => ({ default: m.PlanTools })));

/** /plans/:id — a draft opens in review (the office's), a confirmed or archived plan as its ledger. */
export function PlanPage({ review = false }: { review?: boolean }) {
  const id = Number(useParams().id);
  const { session } = useSession();
  const valid = Number.isInteger(id) && id > 0;
  const loaded = useLoad(() => (valid ? plans.get(id) : Promise.reject(new Error('bad id'))), `plan:${id}`);
  if (!valid) return <NotFound />;
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const office = session?.actor.role === 'office';
  if (office && (review || loaded.data.state === 'draft'))
    return (
      <Suspense fallback={<Loading />}>
        <ReviewPage plan={loaded.data} reload={loaded.reload} />
      </Suspense>
    );
  return (
    <>
      {office && loaded.data.state === 'confirmed' ? <WaitingRevision planId={id} onDone={loaded.reload} /> : null}
      <LedgerPage
        plan={loaded.data}
        reload={loaded.reload}
        tools={
          office ? (
            <Suspense fallback={null}>
              <PlanTools plan={loaded.data} reload={loaded.reload} />
            </Suspense>
          ) : null
        }
      />
    </>
  );
}

/** A revision imported over the issued plan, waiting for the office (nothing when there is none). */
function WaitingRevision({ planId, onDone }: { planId: number; onDone: () => void }) {
  const loaded = useLoad(() => plans.revision(planId), `revision:${planId}`);
  if (!loaded.data?.revision) return null;
  return (
    <RevisionReview
      revision={loaded.data.revision}
      onDone={() => {
        loaded.reload();
        onDone();
      }}
    />
  );
}

/** /plans/:id/review — the review screen for a plan already in force (corrections stay possible). */
export function PlanReviewPage() {
  return <PlanPage review />;
}
