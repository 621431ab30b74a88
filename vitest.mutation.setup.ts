// `npm run mutate`: the engine's modules load here, before any test, as they do in a normal run
// (where the registry imports them when a test file is collected). A table they build at import
// (language.ts's reserved words, repair.ts's edit order) is then code that runs outside every
// test: Stryker counts its mutants as static, which stryker.config.json's `ignoreStatic` leaves
// out, rather than crediting them to whichever test first imported the module inside its body.
import './oracles/notation/language.ts';
import './oracles/notation/bounds.ts';
import './oracles/checks/count.ts';
import './oracles/checks/limit.ts';
import './oracles/repair.ts';
