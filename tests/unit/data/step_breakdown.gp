# step_breakdown.gp - where each predicted job's training step goes (fleetsim 0.1.0)
#
# Draws step_breakdown.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot step_breakdown.gp
# or for one format:    gnuplot -e "fmt='pdf'" step_breakdown.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'step_breakdown.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 2 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'charts: predicted step time by part' font ',24'
    set object 500 rect from screen 0.2572, screen 0.8849 to screen 0.2735, screen 0.9051 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 500 'compute' at screen 0.2800, screen 0.8950 left front
    set object 501 rect from screen 0.3749, screen 0.8849 to screen 0.3911, screen 0.9051 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 501 'pipeline bubble' at screen 0.3976, screen 0.8950 left front
    set object 502 rect from screen 0.5442, screen 0.8849 to screen 0.5605, screen 0.9051 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'tensor-parallel comm.' at screen 0.5670, screen 0.8950 left front
    set object 503 rect from screen 0.2105, screen 0.8499 to screen 0.2267, screen 0.8701 fc rgb '#009E73' fs solid 1.0 noborder front
    set label 503 'expert-parallel comm.' at screen 0.2332, screen 0.8600 left front
    set object 504 rect from screen 0.4362, screen 0.8499 to screen 0.4525, screen 0.8701 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 504 'pipeline comm.' at screen 0.4590, screen 0.8600 left front
    set object 505 rect from screen 0.6055, screen 0.8499 to screen 0.6218, screen 0.8701 fc rgb '#F0E442' fs solid 1.0 noborder front
    set label 505 'data-parallel comm.' at screen 0.6283, screen 0.8600 left front
    set lmargin at screen 0.107
    set rmargin at screen 0.960
    set bmargin at screen 0.150
    set tmargin at screen 0.780
    set xlabel 'Seconds per optimizer step (exposed communication only)'
    set xrange [0:31.4817]
    set yrange [-0.6:0.6]
    set grid noytics xtics
    set ytics ('pretrain' 0)
    set label 200 '19.9 s, MFU 30.0%, TP8 PP16 EP64 DualPipe' at 19.9, 0 left offset 0.6,0 font ',17'
    plot \
        'step_breakdown.dat' using (0):1:(0):($2):($1-0.32):($1+0.32) with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'step_breakdown.dat' using (0):1:($2):($2+$3):($1-0.32):($1+0.32) with boxxyerror fc rgb '#56B4E9' fs solid 1.0 border lc rgb '#ffffff', \
        'step_breakdown.dat' using (0):1:($2+$3):($2+$3+$4):($1-0.32):($1+0.32) with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'step_breakdown.dat' using (0):1:($2+$3+$4):($2+$3+$4+$5):($1-0.32):($1+0.32) with boxxyerror fc rgb '#009E73' fs solid 1.0 border lc rgb '#ffffff', \
        'step_breakdown.dat' using (0):1:($2+$3+$4+$5):($2+$3+$4+$5+$6):($1-0.32):($1+0.32) with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff', \
        'step_breakdown.dat' using (0):1:($2+$3+$4+$5+$6):($2+$3+$4+$5+$6+$7):($1-0.32):($1+0.32) with boxxyerror fc rgb '#F0E442' fs solid 1.0 border lc rgb '#ffffff'
    unset multiplot
    set output
}
