# gpu_hours.gp - where each job's GPU-hours went (fleetsim 0.1.0)
#
# Draws gpu_hours.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot gpu_hours.gp
# or for one format:    gnuplot -e "fmt='pdf'" gpu_hours.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'gpu_hours.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 8 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'charts: GPU-hours breakdown (mean of 8 replicates)' font ',24'
    set object 500 rect from screen 0.1108, screen 0.8649 to screen 0.1271, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 500 'useful' at screen 0.1336, screen 0.8750 left front
    set object 501 rect from screen 0.2070, screen 0.8649 to screen 0.2232, screen 0.8851 fc rgb '#D55E00' fs solid 1.0 noborder front
    set label 501 'lost to failures' at screen 0.2297, screen 0.8750 left front
    set object 502 rect from screen 0.3674, screen 0.8649 to screen 0.3836, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 502 'checkpointing' at screen 0.3901, screen 0.8750 left front
    set object 503 rect from screen 0.5259, screen 0.8649 to screen 0.5421, screen 0.8851 fc rgb '#CC79A7' fs solid 1.0 noborder front
    set label 503 'restarts' at screen 0.5486, screen 0.8750 left front
    set object 504 rect from screen 0.6352, screen 0.8649 to screen 0.6515, screen 0.8851 fc rgb '#56B4E9' fs solid 1.0 noborder front
    set label 504 'idle (held, waiting for nodes)' at screen 0.6580, screen 0.8750 left front
    set xrange [-0.6:1.6]
    set xtics ('pretrain' 0, 'finetune' 1) norotate
    set lmargin at screen 0.090
    set rmargin at screen 0.500
    set bmargin at screen 0.133
    set tmargin at screen 0.760
    set ylabel 'GPU-hours (thousands)'
    set format y '%gK'
    set yrange [0:36.0753]
    set title 'Allocated GPU-hours, by use'
    set label 200 '31.37K' at 0, 31.3698 center offset 0,0.8 font ',17'
    set label 201 '1.755K' at 1, 1.75481 center offset 0,0.8 font ',17'
    plot \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):(0)/1000:($2)/1000 with boxxyerror fc rgb '#0072B2' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($2)/1000:($2+$3)/1000 with boxxyerror fc rgb '#D55E00' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($2+$3)/1000:($2+$3+$4)/1000 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($2+$3+$4)/1000:($2+$3+$4+$5)/1000 with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($2+$3+$4+$5)/1000:($2+$3+$4+$5+$6)/1000 with boxxyerror fc rgb '#56B4E9' fs solid 1.0 border lc rgb '#ffffff'
    unset label 200
    unset label 201
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset object 502
    unset label 502
    unset object 503
    unset label 503
    unset object 504
    unset label 504
    unset label 100
    set lmargin at screen 0.600
    set rmargin at screen 0.970
    set bmargin at screen 0.133
    set tmargin at screen 0.760
    set ylabel '% of allocated GPU-hours'
    set format y '%g%%'
    set yrange [0:17.8276]
    set title 'Overhead: everything but useful work'
    set label 300 '14.9%' at 0, 14.8563 center offset 0,0.8 font ',17'
    set label 301 '8.6%' at 1, 8.57659 center offset 0,0.8 font ',17'
    plot \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):(0)/1:($8)/1 with boxxyerror fc rgb '#D55E00' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($8)/1:($8+$9)/1 with boxxyerror fc rgb '#E69F00' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($8+$9)/1:($8+$9+$10)/1 with boxxyerror fc rgb '#CC79A7' fs solid 1.0 border lc rgb '#ffffff', \
        'gpu_hours.dat' using ($1+0):(0):($1-0.3):($1+0.3):($8+$9+$10)/1:($8+$9+$10+$11)/1 with boxxyerror fc rgb '#56B4E9' fs solid 1.0 border lc rgb '#ffffff'
    unset multiplot
    set output
}
