/** The designed page states every page uses: no wallet, not enrolled, nothing yet, loading, error. */
export { StateCard, type StateKind } from "./StateCard";
export { NoWallet } from "./NoWallet";
export { NotEnrolled } from "./NotEnrolled";
export { EmptyState } from "./EmptyState";
export { ErrorState } from "./ErrorState";
export { Skeleton, SkeletonStats } from "./Skeleton";
export { useSteady, type SteadyState } from "./steady";
