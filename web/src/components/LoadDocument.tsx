import { useEffect } from 'react';
import { NotFound } from './ErrorResult';
import { Loading } from './Loading';

/**
 * A path the server answers with the light page (the login page, 我的任务): reached inside the application, it
 * is loaded as a whole page. Should the document at this very address already be the application (a server
 * without the light page), it says so instead of loading itself again and again.
 */
export function LoadDocument() {
  const loadedHere = performance.getEntriesByType('navigation')[0]?.name === window.location.href;
  useEffect(() => {
    if (!loadedHere) window.location.replace(window.location.href);
  }, [loadedHere]);
  return loadedHere ? <NotFound /> : <Loading />;
}
