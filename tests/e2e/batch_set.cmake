# sipdiag-batch: capture sets (ring buffers cut at test time with editcap -c),
# bad input, and parallel jobs. Included from tests/e2e/CMakeLists.txt.
add_test(NAME e2e.batch_set.acks
         COMMAND ${E2E}/batch_set_check.sh $<TARGET_FILE:sipdiag> ${CAPTURES} ${E2E}/expected/batch_set.txt acks)
add_test(NAME e2e.batch_set.misordered
         COMMAND ${E2E}/batch_set_check.sh $<TARGET_FILE:sipdiag> ${CAPTURES} ${E2E}/expected/batch_set.txt misordered)
add_test(NAME e2e.batch_set.bad_input
         COMMAND ${E2E}/batch_bad_check.sh $<TARGET_FILE:sipdiag> ${CAPTURES} ${E2E}/expected/batch_bad.txt bad)
add_test(NAME e2e.batch_set.jobs
         COMMAND ${E2E}/batch_bad_check.sh $<TARGET_FILE:sipdiag> ${CAPTURES} ${E2E}/expected/batch_bad.txt jobs)
