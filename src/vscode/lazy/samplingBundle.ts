/** What the sampling bundle holds (esbuild.js): loaded at the first sampling request, or its command. */
export { VsCodeSampling } from '../sampling/vscodeSampling';
export { SamplingPermissions } from '../sampling/samplingPermissions';
export { manageSamplingPermissions } from '../sampling/managePermissions';
export { registerSamplingDetails } from '../sampling/samplingConsent';
