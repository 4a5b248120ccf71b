;; The scoring kernel of the intent model (linear-kernel.ts embeds its compiled bytes; the test
;; linear-kernel.test.ts checks they match this source). Four classes per step with f32x4.
(module
  (memory (export "memory") 1)
  ;; z[0..kp) += Σ_i vals[i] · w[ids[i]·kp .. +kp), four classes per step (f32x4).
  (func (export "accumulate") (param $ids i32) (param $vals i32) (param $n i32) (param $kp i32) (param $w i32) (param $z i32)
    (local $i i32) (local $row i32) (local $v v128) (local $zp i32) (local $end i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $kp) (i32.const 2)))
    (local.set $end (i32.add (local.get $z) (local.get $stride)))
    (block $done
      (loop $feature
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row
          (i32.add (local.get $w)
            (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))
        (local.set $v (f32x4.splat (f32.load (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $zp (local.get $z))
        (block $row_done
          (loop $class
            (br_if $row_done (i32.ge_u (local.get $zp) (local.get $end)))
            (v128.store (local.get $zp)
              (f32x4.add (v128.load (local.get $zp)) (f32x4.mul (local.get $v) (v128.load (local.get $row)))))
            (local.set $zp (i32.add (local.get $zp) (i32.const 16)))
            (local.set $row (i32.add (local.get $row) (i32.const 16)))
            (br $class)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $feature))))
)
