#pragma once
// The verdict rules, in one place: every renderer prints what decide_verdict decided.
#include "report/model.hpp"

namespace gc {

// Sets verdict, exit_code and verdict_reason from the required gates, first rule that
// applies:
//   interrupted                                  -> error, 130
//   a required gate failed, or a required
//   attestation is missing or expired (manual)   -> fail, 1
//   a required gate is unavailable or an error   -> error, 3
//   no required gate evaluated (pass/fail/warn)  -> error, 3: nothing was verified (a person's
//                                                   word alone, attested, is no tool's check)
//   otherwise                                    -> pass, 0
// Optional gates never change the verdict.
void decide_verdict(Report& report);

}  // namespace gc
